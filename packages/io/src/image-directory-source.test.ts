import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageDirectorySource } from './image-directory-source.js';
import { writePng } from './image-write.js';
import { openFrameSource } from './open-frame-source.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-dirs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A 4x3 RGB image whose first pixel encodes (camera, frame). */
async function png(path: string, camera: number, frame: number): Promise<void> {
  const data = new Uint8Array(4 * 3 * 3).fill(9);
  data.set([camera, frame, 77], 0);
  await writePng(path, { width: 4, height: 3, channels: 3, data });
}

async function cameraDirs(root: string, names: Record<string, string[]>): Promise<Record<string, string>> {
  const map: Record<string, string> = {};
  let c = 0;
  for (const [camera, files] of Object.entries(names)) {
    const dir = join(root, camera);
    mkdirSync(dir, { recursive: true });
    for (const [f, file] of files.entries()) await png(join(dir, file), c, f);
    map[camera] = dir;
    c += 1;
  }
  return map;
}

describe('ImageDirectorySource', () => {
  it('sorts by file name, matches extensions case-insensitively and yields frames by position', async () => {
    const files = ['f10.PNG', 'f02.png', 'f01.tif.png', 'f03.JPG.png'];
    const map = await cameraDirs(join(work, 'ok'), { cam1: files, cam0: files });
    writeFileSync(join(map.cam0, 'notes.txt'), 'x');
    writeFileSync(join(map.cam1, 'notes.txt'), 'x');
    const source = await ImageDirectorySource.open(map);
    expect(source.cameras).toEqual(['cam0', 'cam1']);
    expect(source.frameCount).toBe(4);
    expect(source.fileNames).toEqual(['f01.tif.png', 'f02.png', 'f03.JPG.png', 'f10.PNG']);
    const frames = [];
    for await (const frame of source.frames([3, 1, 1, 7, -1])) frames.push(frame);
    expect(frames.map((f) => f.index)).toEqual([1, 3]);
    const img = frames[1].images.get('cam1');
    expect(img).toMatchObject({ width: 4, height: 3, channels: 3 });
    // 'f10.PNG' was written as the first file of camera index 0 ('cam1' is created first) → pixel (0, 0, 77).
    expect(Array.from(img?.data.slice(0, 3) ?? [])).toEqual([0, 0, 77]);
    expect(Array.from(frames[0].images.get('cam0')?.data.slice(0, 3) ?? [])).toEqual([1, 1, 77]);
  });

  it('rejects cameras whose file names differ, naming the camera and the first differing file', async () => {
    const map = await cameraDirs(join(work, 'names'), { a: ['001.png', '002.png', '003.png'], b: ['001.png', '002b.png', '003.png'] });
    await expect(ImageDirectorySource.open(map)).rejects.toMatchObject({
      code: 'AQM_ERR_IO_CAMERA_MISMATCH',
      message: "camera 'b': image 1 is '002b.png' but camera 'a' has '002.png' (image directories must hold identical file names)",
    });
  });

  it('rejects cameras with different image counts, naming the extra file', async () => {
    const map = await cameraDirs(join(work, 'count'), { a: ['001.png', '002.png'], b: ['001.png', '002.png', '003.png'] });
    await expect(ImageDirectorySource.open(map)).rejects.toThrow("camera 'b' has 3 images but camera 'a' has 2: '003.png' is only in camera 'b'");
  });

  it('rejects missing and empty directories naming the camera', async () => {
    mkdirSync(join(work, 'empty'), { recursive: true });
    await expect(ImageDirectorySource.open({ c0: join(work, 'missing') })).rejects.toMatchObject({
      code: 'AQM_ERR_IO_INPUT_MISSING',
      message: expect.stringMatching(/^camera 'c0': .*missing is not a readable image directory/) as unknown,
    });
    await expect(ImageDirectorySource.open({ c0: join(work, 'empty') })).rejects.toThrow(/camera 'c0': .*empty holds no/);
  });

  it('skips an unreadable image with a warning naming file and camera; the frame keeps the other cameras', async () => {
    const map = await cameraDirs(join(work, 'corrupt'), { a: ['1.png', '2.png'], b: ['1.png', '2.png'] });
    writeFileSync(join(map.b, '2.png'), 'garbage');
    const warnings: string[] = [];
    const source = await openFrameSource(map, { onWarning: (m) => warnings.push(m) });
    const frames = [];
    for await (const frame of source.frames([0, 1])) frames.push(frame);
    expect(frames.map((f) => [...f.images.keys()])).toEqual([['a', 'b'], ['a']]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^frame 1: skipping unreadable image .*corrupt\/b\/2\.png of camera 'b': /);
    expect(frames[0].missing).toBeUndefined();
    expect([...(frames[1].missing ?? [])]).toEqual([['b', expect.stringMatching(/^cannot read image .*corrupt\/b\/2\.png: /)]]);
    await source.close();
  });
});

describe('openFrameSource: one input per camera', () => {
  it('refuses two cameras that read one image directory, written the same, with a trailing slash or through a link', async () => {
    const root = join(work, 'shared-input');
    const map = await cameraDirs(root, { cam0: ['a.png'], cam1: ['a.png'] });
    symlinkSync(map.cam1, join(root, 'link-to-cam1'));
    await expect(openFrameSource(map)).resolves.toBeDefined();
    for (const slip of [map.cam1, `${map.cam1}/`, join(root, 'link-to-cam1')]) {
      await expect(openFrameSource({ ...map, cam2: slip })).rejects.toMatchObject({
        code: 'AQM_ERR_INPUT_INVALID',
        message: `camera_input_map: cameras 'cam1' and 'cam2' both read ${map.cam1}; each camera needs its own video file or image directory`,
      });
    }
  });
});
