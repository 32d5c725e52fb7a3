import { describe, expect, it } from 'vitest';
import { isAquamvsError } from '../errors.js';
import { detectInputType, type FsProbe } from './input-type.js';

const probeOf =
  (kinds: Record<string, 'file' | 'directory'>): FsProbe =>
  (p) =>
    kinds[p] ?? 'missing';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isAquamvsError(error) && error.code === 'AQM_ERR_INPUT_INVALID') return error.message;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('detectInputType', () => {
  it('is images when every path is a directory', () => {
    expect(detectInputType({ a: '/a', b: '/b' }, probeOf({ '/a': 'directory', '/b': 'directory' }))).toBe('images');
  });

  it('is video when every path is a file, whatever the extension', () => {
    expect(detectInputType({ a: '/a.bin', b: '/b.mp4' }, probeOf({ '/a.bin': 'file', '/b.mp4': 'file' }))).toBe('video');
  });

  it('infers from the extension when nothing exists yet', () => {
    expect(detectInputType({ a: 'a.MP4', b: 'b.avi', c: 'c.mkv', d: 'd.mov', e: 'e.wmv', f: 'f.flv' }, probeOf({}))).toBe('video');
    expect(detectInputType({ a: 'frames/a', b: 'frames/b' }, probeOf({}))).toBe('images');
    expect(messageOf(() => detectInputType({ a: 'a.mp4', b: 'b.mp4', c: 'frames/c' }, probeOf({})))).toContain('c (image directory name)');
  });

  it('rejects mixed types naming the offending cameras', () => {
    const msg = messageOf(() =>
      detectInputType(
        { cam0: '/d0', cam1: '/d1', cam2: '/v.mp4', cam3: '/nothing' },
        probeOf({ '/d0': 'directory', '/d1': 'directory', '/v.mp4': 'file' }),
      ),
    );
    expect(msg).toBe(
      'camera_input_map mixes input types: 2 camera(s) are directories, but cam2 (file), cam3 (missing); use all video files or all image directories',
    );
  });

  it('takes the type of the existing paths when some are missing (opening them then names the missing camera)', () => {
    expect(detectInputType({ cam0: '/d0', cam1: '/nothing' }, probeOf({ '/d0': 'directory' }))).toBe('images');
    expect(detectInputType({ cam0: '/v.mp4', cam1: '/nothing.mp4' }, probeOf({ '/v.mp4': 'file' }))).toBe('video');
  });

  it('rejects an empty map', () => {
    expect(messageOf(() => detectInputType({}, probeOf({})))).toContain('camera_input_map is empty');
  });
});
