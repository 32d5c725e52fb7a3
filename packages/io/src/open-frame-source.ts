import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectInputType, inputInvalid, type FrameSource, type InputType } from '@aquamvs/core';
import { ImageDirectorySource, type WarningHandler } from './image-directory-source.js';
import type { ReadImageOptions } from './image-read.js';
import { VideoSource } from './video-source.js';

/** Options of {@link openFrameSource}. */
export interface OpenFrameSourceOptions {
  /** Input type; detected from the paths (spec §2.9, core's `detectInputType`) when omitted. */
  type?: InputType;
  /** Receives warnings about unreadable images and videos that end early. */
  onWarning?: WarningHandler;
  /** Image decoding for image directories (default 8-bit RGB). */
  image?: ReadImageOptions;
  /** Video decoding: see {@link VideoSource.open}. */
  seekGap?: number;
  ffmpeg?: string;
}

/** What exists at `path` (for input-type detection). */
export function probePath(path: string): 'file' | 'directory' | 'missing' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Throws `AQM_ERR_INPUT_INVALID` when two cameras read the same video file or image directory (the same path, or two
 * paths of one file through a link): a copy-paste slip in `camera_input_map` that would otherwise run with one
 * camera's images taken for another's.
 */
export function assertDistinctInputs(cameraInputMap: Readonly<Record<string, string>>): void {
  const cameraOf = new Map<string, string>();
  for (const [camera, path] of Object.entries(cameraInputMap)) {
    let target = resolve(path);
    try {
      target = realpathSync(path);
    } catch {
      // A missing input is reported as missing when it is opened.
    }
    const other = cameraOf.get(target);
    if (other !== undefined)
      throw inputInvalid(
        `camera_input_map: cameras '${other}' and '${camera}' both read ${target}; each camera needs its own video file or image directory`,
      );
    cameraOf.set(target, camera);
  }
}

/** Opens image directories or videos, one per camera, as a core `FrameSource`; two cameras may not share an input. */
export async function openFrameSource(cameraInputMap: Readonly<Record<string, string>>, options: OpenFrameSourceOptions = {}): Promise<FrameSource> {
  assertDistinctInputs(cameraInputMap);
  const type = options.type ?? detectInputType(cameraInputMap, probePath);
  if (type === 'video') {
    return VideoSource.open(cameraInputMap, { onWarning: options.onWarning, seekGap: options.seekGap, ffmpeg: options.ffmpeg });
  }
  return ImageDirectorySource.open(cameraInputMap, { onWarning: options.onWarning, image: options.image });
}
