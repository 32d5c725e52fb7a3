import { describe, expect, it } from 'vitest';
import type { DenseWarp } from '@aquamvs/core';
import { extractCorrespondences, SUBSAMPLE_GRID } from './extract-correspondences.js';

/** A W×H warp that maps each cell to the same normalised position in the source, with the given certainty. */
function identityWarp(w: number, h: number, certainty: (j: number, i: number) => number): DenseWarp {
  const warp = new Float32Array(w * h * 2);
  const c = new Float32Array(w * h);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      warp[(i * w + j) * 2] = ((j + 0.5) / w) * 2 - 1;
      warp[(i * w + j) * 2 + 1] = ((i + 0.5) / h) * 2 - 1;
      c[i * w + j] = certainty(j, i);
    }
  }
  return { width: w, height: h, warp, certainty: c };
}

const size = [128, 96] as const;

describe('extractCorrespondences (spec §3.9 sparse, test_roma)', () => {
  it('maps cells and normalised coordinates to pixel centres (identity warp ⇒ identical pixels)', () => {
    const out = extractCorrespondences(
      identityWarp(64, 48, () => 0.9),
      { refSize: size, srcSize: size },
    );
    expect(out.scores.length).toBe(64 * 48);
    expect(out.refPixels[0]).toBeCloseTo(0.5, 9); // cell 0 covers pixels 0..1, centre 0.5
    for (let k = 0; k < out.refPixels.length; k++) expect(out.srcPixels[k]).toBeCloseTo(out.refPixels[k], 4);
  });

  it('reproduces the reference corner mapping with convention corner', () => {
    const out = extractCorrespondences(
      identityWarp(64, 48, () => 0.9),
      { refSize: size, srcSize: size, convention: 'corner' },
    );
    expect(out.refPixels[0]).toBe(0);
    expect(out.srcPixels[0]).toBeCloseTo(1, 5); // (x + 1)/2·W of the cell centre 1/128 → 1 pixel
  });

  it('keeps only cells with certainty strictly above the threshold; none ⇒ an empty result', () => {
    const warp = identityWarp(10, 10, (j) => (j < 5 ? 0.5 : 0.51));
    const out = extractCorrespondences(warp, { refSize: size, srcSize: size, certaintyThreshold: 0.5 });
    expect(out.scores.length).toBe(50);
    expect(Math.min(...out.scores)).toBeCloseTo(0.51, 6);
    const none = extractCorrespondences(
      identityWarp(10, 10, () => 0.2),
      { refSize: size, srcSize: size },
    );
    expect([none.refPixels.length, none.srcPixels.length, none.scores.length]).toEqual([0, 0, 0]);
  });

  it('caps at max_correspondences by uniform top-k on a 32×32 grid: each occupied bin gets its share, best first', () => {
    const warp = identityWarp(128, 96, (j, i) => 0.6 + 0.3 * (((j * 7 + i * 13) % 17) / 17));
    const out = extractCorrespondences(warp, { refSize: size, srcSize: size, maxCorrespondences: 1030 });
    expect(out.scores.length).toBe(1030);
    // 1024 bins occupied: 1 each, the first 6 bins (flat order) one more
    const perBin = new Int32Array(SUBSAMPLE_GRID * SUBSAMPLE_GRID);
    for (let k = 0; k < out.scores.length; k++) {
      const bx = Math.floor((out.refPixels[k * 2] / 128) * 32);
      const by = Math.floor((out.refPixels[k * 2 + 1] / 96) * 32);
      perBin[by * 32 + bx]++;
    }
    expect(Array.from(perBin.slice(0, 6))).toEqual([2, 2, 2, 2, 2, 2]);
    expect(perBin.slice(6).every((n) => n === 1)).toBe(true);
    // bin 0 holds cells (0..3, 0..2): its two best certainties were kept
    const bin0 = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) bin0.push(0.6 + 0.3 * (((j * 7 + i * 13) % 17) / 17));
    bin0.sort((a, b) => b - a);
    expect(out.scores[0]).toBeCloseTo(bin0[0], 6);
    expect(out.scores[1]).toBeCloseTo(bin0[1], 6);
  });

  it('does not redistribute unused budget of sparse bins', () => {
    // 64×96 cells = pixels: 1024 bins of 2×3 cells, bin 0 reduced to a single certain cell ⇒ 6139 candidates
    const warp = identityWarp(64, 96, (j, i) => (j < 2 && i < 3 && j + i > 0 ? 0 : 0.9));
    const out = extractCorrespondences(warp, { refSize: [64, 96], srcSize: [64, 96], maxCorrespondences: 6138 });
    // base 5, remainder 1018: bin 0 keeps 1 (4 + 1 unused), bins 1–1017 keep 6, the other 6 bins 5
    expect(out.scores.length).toBe(1 + 1017 * 6 + 6 * 5);
  });

  it('applies the reference ROI mask at the floored, clamped pixel (partial, all valid, all invalid)', () => {
    const warp = identityWarp(64, 48, () => 0.9);
    const left = new Uint8Array(128 * 96);
    for (let y = 0; y < 96; y++) for (let x = 0; x < 64; x++) left[y * 128 + x] = 1;
    const partial = extractCorrespondences(warp, { refSize: size, srcSize: size, refMask: left });
    expect(partial.scores.length).toBe(32 * 48);
    for (let k = 0; k < partial.scores.length; k++) expect(partial.refPixels[k * 2]).toBeLessThan(64);
    expect(extractCorrespondences(warp, { refSize: size, srcSize: size, refMask: new Uint8Array(128 * 96).fill(1) }).scores.length).toBe(64 * 48);
    expect(extractCorrespondences(warp, { refSize: size, srcSize: size, refMask: new Uint8Array(128 * 96) }).scores.length).toBe(0);
  });
});
