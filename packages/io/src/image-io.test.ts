import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { readImage } from './image-read.js';
import { encodePng, writePng } from './image-write.js';

const work = mkdtempSync(join(tmpdir(), 'aqm-io-img-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const W = 7;
const H = 5;
function gradient16(channels: 1 | 3): Uint16Array {
  const out = new Uint16Array(W * H * channels);
  for (let i = 0; i < out.length; i++) out[i] = (i * 2731 + 13) % 65536;
  return out;
}
function gradient8(channels: 1 | 3): Uint8Array {
  return Uint8Array.from({ length: W * H * channels }, (_, i) => (i * 37 + 5) % 256);
}

describe('PNG write/read', () => {
  it('round-trips 8-bit RGB and grey exactly', async () => {
    for (const channels of [1, 3] as const) {
      const data = gradient8(channels);
      const file = await writePng(join(work, `g8-${channels}.png`), { width: W, height: H, channels, data });
      const back = await readImage(file, { channels });
      expect(back).toMatchObject({ width: W, height: H, channels, sourceDepth: 8 });
      expect(back.data).toBeInstanceOf(Uint8Array);
      expect(Array.from(back.data)).toEqual(Array.from(data));
    }
  });

  it('round-trips 16-bit RGB and grey exactly and scales to 8 bit by /257', async () => {
    for (const channels of [1, 3] as const) {
      const data = gradient16(channels);
      const file = await writePng(join(work, `g16-${channels}.png`), { width: W, height: H, channels, data });
      const exact = await readImage(file, { depth: 16, channels });
      expect(exact.sourceDepth).toBe(16);
      expect(exact.data).toBeInstanceOf(Uint16Array);
      expect(Array.from(exact.data)).toEqual(Array.from(data));
      const eight = await readImage(file, { channels });
      expect(eight.data).toBeInstanceOf(Uint8Array);
      for (let i = 0; i < data.length; i++) expect(eight.data[i]).toBe(Math.round(data[i] / 257));
    }
  });

  it('expands grey to RGB by default and converts RGB to grey with BT.601 weights', async () => {
    const grey = gradient8(1);
    const file = await writePng(join(work, 'grey.png'), { width: W, height: H, channels: 1, data: grey });
    const rgb = await readImage(file);
    expect(rgb.channels).toBe(3);
    for (let p = 0; p < W * H; p++) expect([rgb.data[3 * p], rgb.data[3 * p + 1], rgb.data[3 * p + 2]]).toEqual([grey[p], grey[p], grey[p]]);
    const colour = gradient8(3);
    const cfile = await writePng(join(work, 'colour.png'), { width: W, height: H, channels: 3, data: colour });
    const g = await readImage(cfile, { channels: 1 });
    for (let p = 0; p < W * H; p++) {
      const expected = 0.299 * colour[3 * p] + 0.587 * colour[3 * p + 1] + 0.114 * colour[3 * p + 2];
      expect(Math.abs(g.data[p] - expected)).toBeLessThanOrEqual(0.5);
    }
  });

  it('writes atomically: no temp files are left next to the target', async () => {
    const dir = join(work, 'atomic', 'nested');
    await writePng(join(dir, 'a.png'), { width: W, height: H, channels: 3, data: gradient8(3) });
    expect(readdirSync(dir)).toEqual(['a.png']);
  });

  it('rejects float images and wrong sample counts with AQM_ERR_IO_IMAGE_WRITE', async () => {
    await expect(encodePng({ width: 2, height: 2, channels: 1, data: new Float32Array(4) })).rejects.toMatchObject({
      code: 'AQM_ERR_IO_IMAGE_WRITE',
      message: 'cannot write image PNG: float images cannot be stored as PNG (use NPY/NPZ)',
    });
    await expect(writePng(join(work, 'bad.png'), { width: 2, height: 2, channels: 3, data: new Uint8Array(5) })).rejects.toMatchObject({
      code: 'AQM_ERR_IO_IMAGE_WRITE',
      message: expect.stringMatching(/bad\.png.*5 samples, expected 2x2x3/) as unknown,
    });
  });
});

describe('JPEG and TIFF reading', () => {
  it('reads an 8-bit JPEG within JPEG tolerance of its source and drops alpha', async () => {
    const data = new Uint8Array(16 * 16 * 4).fill(0);
    for (let p = 0; p < 256; p++) data.set([200, 100, 50, 128], p * 4);
    const file = join(work, 'a.jpg');
    await sharp(data, { raw: { width: 16, height: 16, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: 95 })
      .toFile(file);
    const img = await readImage(file);
    expect(img).toMatchObject({ width: 16, height: 16, channels: 3 });
    expect(Math.abs(img.data[0] - 200)).toBeLessThanOrEqual(3);
    expect(Math.abs(img.data[1] - 100)).toBeLessThanOrEqual(3);
    expect(Math.abs(img.data[2] - 50)).toBeLessThanOrEqual(3);
  });

  it('reads a 16-bit TIFF exactly', async () => {
    // sharp's TIFF writer stores 8 bits, so the 16-bit file is written by hand (baseline TIFF, one strip).
    const data = gradient16(3);
    const file = join(work, 'a16.TIF');
    writeFileSync(file, tiff16(W, H, data));
    const img = await readImage(file, { depth: 16 });
    expect(Array.from(img.data)).toEqual(Array.from(data));
  });
});

describe('read errors', () => {
  it('names the file in a one-line message for missing and corrupt files', async () => {
    await expect(readImage(join(work, 'nope.png'))).rejects.toThrow(/^cannot read image .*nope\.png: [^\n]+$/);
    const bad = join(work, 'bad.jpg');
    writeFileSync(bad, 'not an image');
    await expect(readImage(bad)).rejects.toMatchObject({ code: 'AQM_ERR_IO_IMAGE_READ', message: expect.stringMatching(/bad\.jpg/) as unknown });
  });
});

/** A minimal uncompressed little-endian 16-bit RGB baseline TIFF. */
function tiff16(width: number, height: number, rgb: Uint16Array): Uint8Array {
  const dataOffset = 16;
  const ifdOffset = dataOffset + rgb.byteLength;
  const entries: [number, number, number, number][] = [
    [256, 3, 1, width],
    [257, 3, 1, height],
    [258, 3, 3, 8],
    [259, 3, 1, 1],
    [262, 3, 1, 2],
    [273, 4, 1, dataOffset],
    [277, 3, 1, 3],
    [278, 3, 1, height],
    [279, 4, 1, rgb.byteLength],
    [284, 3, 1, 1],
  ];
  const out = new Uint8Array(ifdOffset + 2 + entries.length * 12 + 4);
  const v = new DataView(out.buffer);
  v.setUint8(0, 0x49);
  v.setUint8(1, 0x49);
  v.setUint16(2, 42, true);
  v.setUint32(4, ifdOffset, true);
  for (let i = 0; i < 3; i++) v.setUint16(8 + 2 * i, 16, true);
  for (let i = 0; i < rgb.length; i++) v.setUint16(dataOffset + 2 * i, rgb[i], true);
  v.setUint16(ifdOffset, entries.length, true);
  entries.forEach(([tag, type, count, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, count, true);
    if (type === 3 && count === 1) v.setUint16(at + 8, value, true);
    else v.setUint32(at + 8, value, true);
  });
  return out;
}
