import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy.js';
import { decodeNpz, encodeNpz, readNpz, writeNpz } from './npz.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'aqm-io-npz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hasNumpy(): boolean {
  if (!existsSync('/usr/bin/python3')) return false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const numpy = hasNumpy();

describe('NPY encoding', () => {
  it('pads the header so data starts on a 64-byte boundary and round-trips every dtype', () => {
    const cases = [
      new Float32Array([1.5, -2, 3.25, 1e-30]),
      new Float64Array([Math.PI, -0, 1e300, 2]),
      new Int32Array([-1, 2, 2147483647, -2147483648]),
      new Uint8Array([0, 1, 254, 255]),
      new Uint16Array([0, 1, 65535, 300]),
      new BigInt64Array([-(2n ** 62n), 0n, 5n, 9n]),
    ];
    for (const data of cases) {
      const bytes = encodeNpy(data, [2, 2]);
      const headerLen = bytes[8] + bytes[9] * 256;
      expect((10 + headerLen) % 64).toBe(0);
      expect(bytes[10 + headerLen - 1]).toBe(0x0a);
      const back = decodeNpy(bytes);
      expect(back.shape).toEqual([2, 2]);
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data as ArrayLike<number | bigint>)).toEqual(Array.from(data as ArrayLike<number | bigint>));
    }
  });

  it('rejects a shape that does not match the data length', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/shape \[2, 3\] holds 6 values, the data has 5/);
  });

  it('byte-swaps big-endian data', () => {
    const le = encodeNpy(new Uint16Array([0x0102, 0xa0b0]), [2]);
    const be = new Uint8Array(le);
    const at = Buffer.from(le).indexOf("'<u2'");
    expect(at).toBeGreaterThan(10);
    be[at + 1] = '>'.charCodeAt(0);
    const start = le.length - 4;
    be.set([0x01, 0x02, 0xa0, 0xb0], start);
    expect(Array.from(decodeNpy(be).data as Uint16Array)).toEqual([0x0102, 0xa0b0]);
  });

  it('names the file when the magic is missing', () => {
    expect(() => decodeNpy(new Uint8Array(20), 'x.npy')).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_IO_NPY_FORMAT',
        message: expect.stringMatching(/^x\.npy: not a valid NPY\/NPZ file: missing/) as unknown,
      }),
    );
  });

  it('rejects a truncated array and an archive that is not a zip with AQM_ERR_IO_NPY_FORMAT', () => {
    const npy = encodeNpy(new Float32Array(6), [2, 3]);
    expect(() => decodeNpy(npy.subarray(0, npy.length - 4), 'short.npy')).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_IO_NPY_FORMAT',
        message: 'short.npy: not a valid NPY/NPZ file: truncated: needs 24 data bytes, has 20',
      }),
    );
    expect(() => decodeNpz(new TextEncoder().encode('not a zip archive'), 'x.npz')).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_IO_NPY_FORMAT',
        message: expect.stringMatching(/^x\.npz: not a valid NPY\/NPZ file: not a zip archive/) as unknown,
      }),
    );
  });
});

describe('NPZ reading of numpy-written archives (committed fixtures)', () => {
  for (const file of ['numpy-fixture.npz', 'numpy-fixture-compressed.npz']) {
    it(`reads ${file} with exact values`, async () => {
      const arrays = await readNpz(join(fixtures, file));
      expect(Object.keys(arrays).sort()).toEqual(['big', 'confidence', 'depth', 'ids', 'mask', 'scalar', 'u16']);
      expect(arrays.depth.shape).toEqual([3, 4]);
      expect(arrays.depth.data).toBeInstanceOf(Float32Array);
      expect(arrays.depth.data[0]).toBe(-1.25);
      expect(arrays.depth.data[11]).toBe(4.25);
      expect(Array.from(arrays.confidence.data as Float64Array)).toEqual([0, 1, -2.5, 1e-300]);
      expect(arrays.ids.shape).toEqual([1, 3]);
      expect(Array.from(arrays.ids.data as Int32Array)).toEqual([-7, 0, 2147483647]);
      expect(Array.from(arrays.mask.data as Uint8Array)).toEqual([0, 255, 17]);
      expect(Array.from(arrays.u16.data as Uint16Array)).toEqual([0, 1, 65535, 4096]);
      expect(Array.from(arrays.big.data as BigInt64Array)).toEqual([-(2n ** 62n), 5n]);
      expect(arrays.scalar.shape).toEqual([]);
      expect(arrays.scalar.data[0]).toBe(3.5);
    });
  }

  it('writes .npy entries byte-identical to numpy.save for the fixture arrays', async () => {
    const arrays = await readNpz(join(fixtures, 'numpy-fixture.npz'));
    const { unzipSync } = await import('fflate');
    const raw = unzipSync(readFileSync(join(fixtures, 'numpy-fixture.npz')));
    for (const [name, array] of Object.entries(arrays)) {
      expect(Buffer.from(encodeNpy(array.data, array.shape)).equals(Buffer.from(raw[`${name}.npy`]))).toBe(true);
    }
  });
});

describe('NPZ writing', () => {
  it('round-trips stored and deflated archives; deflate is smaller for redundant data', async () => {
    const depth = new Float32Array(64 * 48).fill(1.5);
    const conf = new Uint8Array(64 * 48).map((_, i) => i % 7);
    const arrays = { depth: { data: depth, shape: [48, 64] }, confidence: { data: conf, shape: [48, 64] } };
    const stored = await writeNpz(join(work, 'a.npz'), arrays);
    const deflated = await writeNpz(join(work, 'b.npz'), arrays, { compress: true });
    expect(readFileSync(deflated).length).toBeLessThan(readFileSync(stored).length / 10);
    for (const file of [stored, deflated]) {
      const back = decodeNpz(readFileSync(file));
      expect(back.depth.shape).toEqual([48, 64]);
      expect((back.depth.data as Float32Array).every((v) => v === 1.5)).toBe(true);
      expect(Array.from(back.confidence.data.slice(0, 9) as Uint8Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1]);
    }
  });

  it.skipIf(!numpy)('is read by numpy.load with identical values (needs /usr/bin/python3 + numpy)', async () => {
    const file = join(work, 'cross.npz');
    const depth = Float32Array.from({ length: 12 }, (_, i) => i / 3 - 1);
    await writeNpz(
      file,
      {
        depth: { data: depth, shape: [3, 4] },
        big: { data: new BigInt64Array([-3n, 2n ** 40n]), shape: [2] },
        mask: { data: new Uint8Array([1, 0, 200]), shape: [3] },
      },
      { compress: true },
    );
    const script = join(work, 'check.py');
    writeFileSync(
      script,
      [
        'import sys, json, numpy as np',
        'z = np.load(sys.argv[1])',
        'print(json.dumps({k: [str(z[k].dtype), list(z[k].shape), z[k].ravel().tolist()] for k in sorted(z.files)}))',
      ].join('\n'),
    );
    const out = JSON.parse(execFileSync('/usr/bin/python3', [script, file], { encoding: 'utf8' })) as Record<string, [string, number[], number[]]>;
    expect(out.depth[0]).toBe('float32');
    expect(out.depth[1]).toEqual([3, 4]);
    out.depth[2].forEach((v, i) => expect(v).toBe(depth[i]));
    expect(out.big).toEqual(['int64', [2], [-3, 2 ** 40]]);
    expect(out.mask).toEqual(['uint8', [3], [1, 0, 200]]);
  });
});

describe('encodeNpz reproducibility', () => {
  it('gives the same bytes for the same arrays at different times', async () => {
    const arrays = { depth: { data: new Float32Array([1, 2, Number.NaN, 4]), shape: [2, 2] } };
    const first = encodeNpz(arrays);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(Buffer.from(encodeNpz(arrays)).equals(Buffer.from(first))).toBe(true);
  });
});
