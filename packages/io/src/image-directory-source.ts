import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileFingerprint, type Frame, type FrameImage, type FrameSource } from '@aquamvs/core';
import { cameraMismatch, firstLine, inputMissing } from './errors.js';
import { normaliseIndices } from './frame-indices.js';
import { readImage, type ReadImageOptions } from './image-read.js';

/** Image file extensions an image directory is globbed for (matched case-insensitively). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tiff', '.tif'] as const;

/** Receives one-line warnings (unreadable images, short videos). */
export type WarningHandler = (message: string) => void;

/** Options of {@link ImageDirectorySource.open}. */
export interface ImageDirectorySourceOptions {
  /** How each image is decoded (default 8-bit RGB). */
  image?: ReadImageOptions;
  /** Called for every image that cannot be read (the frame is still yielded without that camera). */
  onWarning?: WarningHandler;
}

function isImageName(name: string): boolean {
  if (name.startsWith('.')) return false;
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Sorted image file names in `dir` (by code point, like Python's `sorted`). */
export async function listImageFiles(camera: string, dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw inputMissing(`camera '${camera}'`, dir, `is not a readable image directory (${firstLine(error)})`);
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!isImageName(entry.name)) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(join(dir, entry.name)).catch(() => null))?.isFile())) {
      names.push(entry.name);
    }
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Frames from one image directory per camera (spec §2.9): each directory holds `*.png *.jpg *.jpeg *.tiff
 * *.tif`, sorted by file name; all cameras must hold the same file names; frame `i` is the `i`-th name.
 */
export class ImageDirectorySource implements FrameSource {
  readonly cameras: readonly string[];
  readonly frameCount: number;
  /** The shared sorted file names; `fileNames[i]` is frame `i`. */
  readonly fileNames: readonly string[];
  readonly #dirs: ReadonlyMap<string, string>;
  readonly #image: ReadImageOptions;
  readonly #warn: WarningHandler;

  private constructor(dirs: ReadonlyMap<string, string>, fileNames: readonly string[], options: ImageDirectorySourceOptions) {
    this.#dirs = dirs;
    this.cameras = [...dirs.keys()];
    this.fileNames = fileNames;
    this.frameCount = fileNames.length;
    this.#image = options.image ?? {};
    this.#warn = options.onWarning ?? (() => undefined);
  }

  /**
   * Lists every camera directory and checks they agree. Throws `AQM_ERR_IO_INPUT_MISSING` for a missing or
   * empty directory and `AQM_ERR_IO_CAMERA_MISMATCH` naming the camera and the first differing file name.
   */
  static async open(cameraDirs: Readonly<Record<string, string>>, options: ImageDirectorySourceOptions = {}): Promise<ImageDirectorySource> {
    const cameras = Object.keys(cameraDirs).sort();
    if (cameras.length === 0) throw inputMissing('camera_input_map', '(empty)', 'lists no camera');
    const lists = await Promise.all(cameras.map((c) => listImageFiles(c, cameraDirs[c])));
    lists.forEach((names, i) => {
      if (names.length === 0) {
        throw inputMissing(`camera '${cameras[i]}'`, cameraDirs[cameras[i]], `holds no ${IMAGE_EXTENSIONS.join(' ')} images`);
      }
    });
    const [first, ...others] = lists;
    others.forEach((names, k) => {
      const camera = cameras[k + 1];
      const limit = Math.min(first.length, names.length);
      for (let i = 0; i < limit; i++) {
        if (names[i] !== first[i]) {
          throw cameraMismatch(
            `camera '${camera}': image ${i} is '${names[i]}' but camera '${cameras[0]}' has '${first[i]}' (image directories must hold identical file names)`,
          );
        }
      }
      if (names.length !== first.length) {
        const extra =
          names.length > first.length ? `'${names[limit]}' is only in camera '${camera}'` : `'${first[limit]}' is missing from camera '${camera}'`;
        throw cameraMismatch(`camera '${camera}' has ${names.length} images but camera '${cameras[0]}' has ${first.length}: ${extra}`);
      }
    });
    return new ImageDirectorySource(new Map(cameras.map((c) => [c, cameraDirs[c]])), first, options);
  }

  /** Path of camera `camera`'s image for frame `index`. */
  imagePath(camera: string, index: number): string {
    const dir = this.#dirs.get(camera);
    if (dir === undefined || index < 0 || index >= this.frameCount) {
      throw inputMissing(`camera '${camera}'`, `frame ${index}`, `is not in this source (${this.frameCount} frames)`);
    }
    return join(dir, this.fileNames[index]);
  }

  /**
   * Reads one frame; an unreadable image is left out of `images`, its reason put in `missing` (the engine fails the
   * frame unless `min_cameras` tolerates it) and reported through `onWarning`.
   */
  async readFrame(index: number): Promise<Frame> {
    const images = new Map<string, FrameImage>();
    const missing = new Map<string, string>();
    await Promise.all(
      this.cameras.map(async (camera) => {
        const path = this.imagePath(camera, index);
        try {
          images.set(camera, await readImage(path, this.#image));
        } catch (error) {
          missing.set(camera, firstLine(error));
          this.#warn(`frame ${index}: skipping unreadable image ${path} of camera '${camera}': ${firstLine(error)}`);
        }
      }),
    );
    // Insertion order follows the camera list, not decode completion.
    const ordered = new Map(this.cameras.filter((c) => images.has(c)).map((c) => [c, images.get(c) as FrameImage]));
    return missing.size === 0 ? { index, images: ordered } : { index, images: ordered, missing };
  }

  /** Content fingerprint of frame `index`: each camera's file name and {@link fileFingerprint} (not its path). */
  async fingerprint(index: number): Promise<string> {
    const parts = await Promise.all(
      this.cameras.map(async (camera) => `${camera}\0${this.fileNames[index]}\0${await fileFingerprint(this.imagePath(camera, index))}`),
    );
    return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  }

  async *frames(indices: readonly number[]): AsyncIterable<Frame> {
    for (const index of normaliseIndices(indices, this.frameCount)) yield await this.readFrame(index);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
