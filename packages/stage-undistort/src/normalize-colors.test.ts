import type { FrameImage } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { normalizeColors } from './normalize-colors.js';

function image(seed: number, scale: [number, number, number]): FrameImage {
  const data = new Uint8Array(64 * 48 * 3);
  for (let i = 0; i < 64 * 48; i++) {
    const base = 60 + ((i * 37 + seed * 11) % 120);
    for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.min(255, Math.round(base * scale[c]));
  }
  return { width: 64, height: 48, channels: 3, data };
}

const means = (img: FrameImage | undefined): number[] => {
  const s = [0, 0, 0];
  const d = img?.data ?? new Uint8Array(3);
  for (let i = 0; i < d.length; i++) s[i % 3] += d[i];
  return s.map((v) => v / (d.length / 3));
};

describe('normalizeColors', () => {
  it('gain equalises per-channel means across cameras to within 1 grey level and keeps colour ratios', () => {
    const input = new Map([
      ['a', image(1, [1, 0.8, 0.6])],
      ['b', image(2, [0.7, 0.7, 0.9])],
    ]);
    const out = normalizeColors(input, 'gain');
    const [ma, mb] = [means(out.get('a')), means(out.get('b'))];
    for (let c = 0; c < 3; c++) expect(Math.abs(ma[c] - mb[c])).toBeLessThan(1);
    // Within a channel, intensity ratios are kept (one gain per channel).
    const src = input.get('a')?.data ?? new Uint8Array();
    const dst = out.get('a')?.data ?? new Uint8Array();
    expect(dst[3 * 5] / dst[3 * 9]).toBeCloseTo(src[3 * 5] / src[3 * 9], 1);
  });

  it('histogram matching brings every camera CDF within 0.05 of the others', () => {
    const out = normalizeColors(
      new Map([
        ['a', image(1, [1, 1, 1])],
        ['b', image(5, [0.5, 0.6, 0.7])],
      ]),
      'histogram',
    );
    const cdf = (img: FrameImage | undefined): number[] => {
      const h = new Array<number>(256).fill(0);
      const d = img?.data ?? new Uint8Array();
      for (let i = 0; i < d.length; i += 3) h[d[i]]++;
      let acc = 0;
      return h.map((v) => (acc += v) / (d.length / 3));
    };
    const [ca, cb] = [cdf(out.get('a')), cdf(out.get('b'))];
    const maxGap = Math.max(...ca.map((v, i) => Math.abs(v - cb[i])));
    expect(maxGap).toBeLessThan(0.05);
  });

  it('does not modify its inputs and leaves a single camera nearly unchanged', () => {
    const a = image(3, [0.9, 0.5, 0.3]);
    const copy = Uint8Array.from(a.data);
    const out = normalizeColors(new Map([['a', a]]), 'gain');
    expect(a.data).toEqual(copy);
    const got = Array.from(out.get('a')?.data ?? []);
    const diff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - copy[i])), 0);
    expect(diff).toBeLessThanOrEqual(1);
  });

  it('rejects an unknown method with AQM_ERR_UNDISTORT_COLOR_METHOD', () => {
    expect(() => normalizeColors(new Map(), 'median' as 'gain')).toThrow(expect.objectContaining({ code: 'AQM_ERR_UNDISTORT_COLOR_METHOD' }));
  });
});
