import { statSync } from 'node:fs';
import { detectInputType, type FrameSource, type InputType } from '@aquamvs/core';
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

/** Opens image directories or videos, one per camera, as a core `FrameSource`. */
export async function openFrameSource(cameraInputMap: Readonly<Record<string, string>>, options: OpenFrameSourceOptions = {}): Promise<FrameSource> {
  const type = options.type ?? detectInputType(cameraInputMap, probePath);
  if (type === 'video') {
    return VideoSource.open(cameraInputMap, { onWarning: options.onWarning, seekGap: options.seekGap, ffmpeg: options.ffmpeg });
  }
  return ImageDirectorySource.open(cameraInputMap, { onWarning: options.onWarning, image: options.image });
}
