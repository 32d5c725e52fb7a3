import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpz } from '@aquamvs/io';
import { describe, expect, it } from 'vitest';
import { readDepthMap } from './depth-viz.js';

describe('readDepthMap', () => {
  it('reads depth and confidence, and fills a missing confidence with NaN', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'aqm-depth-viz-')), 'ring00.npz');
    await writeNpz(file, { depth: { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] } });
    const map = await readDepthMap(file, 'ring00');
    expect([map.width, map.height, [...map.depth]]).toEqual([3, 2, [1, 2, 3, 4, 5, 6]]);
    expect(map.confidence.every((c) => Number.isNaN(c))).toBe(true);
  });

  it.each([
    ['no depth array', { confidence: { data: new Float32Array(6), shape: [2, 3] } }],
    ['a 1-D depth array', { depth: { data: new Float32Array(6), shape: [6] } }],
  ])('rejects a depth-map file with %s with AQM_ERR_VIZ_INPUT naming the file', async (_what, arrays) => {
    const file = join(await mkdtemp(join(tmpdir(), 'aqm-depth-viz-')), 'ring00.npz');
    await writeNpz(file, arrays);
    await expect(readDepthMap(file, 'ring00')).rejects.toMatchObject({ code: 'AQM_ERR_VIZ_INPUT', message: `${file}: expected a 2-D 'depth' array` });
  });
});
