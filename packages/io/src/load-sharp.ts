import type sharp from 'sharp';

let loading: Promise<typeof sharp> | undefined;

/**
 * sharp, loaded on first use: a process that never reads or writes an image (`aquamvs temporal-filter`, a video frame
 * source) does not map libvips and its dependencies (≈ 12 MiB of RSS).
 */
export function loadSharp(): Promise<typeof sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
