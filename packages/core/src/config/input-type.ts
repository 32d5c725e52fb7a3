import { inputInvalid } from '../errors.js';

/** How frames are read: per-camera image directories or per-camera video files. */
export type InputType = 'images' | 'video';

/** What exists at a path; injected so the rule stays a pure function. */
export type FsProbe = (path: string) => 'file' | 'directory' | 'missing';

/** Video extensions recognised when no input path exists yet (spec §2.9). */
const VIDEO_EXTENSIONS = ['.mp4', '.avi', '.mkv', '.mov', '.wmv', '.flv'] as const;

function isVideoPath(path: string): boolean {
  const lower = path.toLowerCase();
  return VIDEO_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Spec §2.9: all paths directories ⇒ images; all files ⇒ video; none exist ⇒ by extension (all
 * video extensions ⇒ video, none ⇒ images); the existing paths all directories (files) with some missing ⇒ images
 * (video), the missing ones fail when opened; anything else throws `AQM_ERR_INPUT_INVALID` naming the
 * cameras that differ from the majority.
 */
export function detectInputType(cameraInputMap: Readonly<Record<string, string>>, probe: FsProbe): InputType {
  const entries = Object.entries(cameraInputMap);
  if (entries.length === 0) throw inputInvalid('camera_input_map is empty: list one video file or image directory per camera');
  const kinds = entries.map(([camera, path]) => ({ camera, path, kind: probe(path) }));
  if (kinds.every((k) => k.kind === 'directory')) return 'images';
  if (kinds.every((k) => k.kind === 'file')) return 'video';
  if (kinds.every((k) => k.kind === 'missing')) {
    const videos = kinds.filter((k) => isVideoPath(k.path));
    if (videos.length === kinds.length) return 'video';
    if (videos.length === 0) return 'images';
    throw mixed(kinds.map((k) => ({ camera: k.camera, label: isVideoPath(k.path) ? 'video file name' : 'image directory name' })));
  }
  // Some paths exist, all of one kind: that is the type, and opening a missing one reports it as missing
  // (AQM_ERR_IO_INPUT_MISSING naming the camera) rather than as a mix of types.
  const existing = new Set(kinds.filter((k) => k.kind !== 'missing').map((k) => k.kind));
  if (existing.size === 1) return existing.has('directory') ? 'images' : 'video';
  throw mixed(kinds.map((k) => ({ camera: k.camera, label: k.kind })));
}

const PLURAL: Readonly<Record<string, string>> = {
  directory: 'directories',
  file: 'files',
  missing: 'missing paths',
  'video file name': 'video file names',
  'image directory name': 'image directory names',
};

function mixed(items: { camera: string; label: string }[]): Error {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.label, (counts.get(i.label) ?? 0) + 1);
  const [majority, count] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const odd = items.filter((i) => i.label !== majority).map((i) => `${i.camera} (${i.label})`);
  return inputInvalid(
    `camera_input_map mixes input types: ${count} camera(s) are ${PLURAL[majority] ?? majority}, but ${odd.join(', ')}; use all video files or all image directories`,
  );
}
