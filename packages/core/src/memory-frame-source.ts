import type { FrameImage } from './artifacts.js';
import type { Frame, FrameSource } from './frame-source.js';

/**
 * A frame source over images produced in memory (synthetic scenes, tests, other programs).
 * `load(index)` is called lazily, once per requested frame.
 * @example const source = createMemoryFrameSource(['cam0', 'cam1'], 10, (i) => renderFrame(i));
 */
export function createMemoryFrameSource(
  cameras: readonly string[],
  frameCount: number,
  load: (index: number) => Map<string, FrameImage> | Promise<Map<string, FrameImage>>,
): FrameSource {
  return {
    cameras: [...cameras].sort(),
    frameCount,
    async *frames(indices: readonly number[]): AsyncIterable<Frame> {
      const sorted = [...new Set(indices)].filter((i) => i >= 0 && i < frameCount).sort((a, b) => a - b);
      for (const index of sorted) yield { index, images: await load(index) };
    },
    close: () => Promise.resolve(),
  };
}
