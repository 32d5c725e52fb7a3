import { describe, expect, it } from 'vitest';
import { colorizeMap, colormapLut, NAN_GREY, quantileRange } from './colormap.js';

const px = (data: ArrayLike<number>, i: number): number[] => [data[3 * i], data[3 * i + 1], data[3 * i + 2]];

describe('colour maps', () => {
  it('has matplotlib viridis and plasma end points', () => {
    const v = colormapLut('viridis');
    const p = colormapLut('plasma');
    expect(v.length).toBe(768);
    expect(px(v, 0)).toEqual([68, 1, 84]);
    expect(px(v, 255)).toEqual([253, 231, 37]);
    expect(px(p, 0)).toEqual([13, 8, 135]);
    expect(px(p, 255)).toEqual([240, 249, 33]);
  });

  it('maps min to the low end, max to the high end and NaN/Infinity to grey 0.8', () => {
    const values = Float32Array.from([1, 2, NaN, 3, Infinity, -Infinity]);
    const image = colorizeMap(values, 3, 2);
    expect([image.width, image.height, image.channels, image.data.length]).toEqual([3, 2, 3, 18]);
    expect(px(image.data, 0)).toEqual([68, 1, 84]);
    expect(px(image.data, 3)).toEqual([253, 231, 37]);
    for (const i of [2, 4, 5]) expect(px(image.data, i)).toEqual([NAN_GREY, NAN_GREY, NAN_GREY]);
    expect(NAN_GREY).toBe(Math.round(0.8 * 255));
    // 2 is the middle of [1, 3]: entry 128 of the table (round(0.5 * 255)).
    expect(px(image.data, 1)).toEqual(px(colormapLut('viridis'), 128));
  });

  it('clamps to an explicit range and gives a constant map the low end', () => {
    const plasma = colorizeMap(Float32Array.from([-1, 0.5, 2]), 3, 1, { colormap: 'plasma', range: [0, 1] });
    expect(px(plasma.data, 0)).toEqual([13, 8, 135]);
    expect(px(plasma.data, 2)).toEqual([240, 249, 33]);
    const flat = colorizeMap(new Float32Array(4).fill(7), 2, 2);
    expect(px(flat.data, 3)).toEqual([68, 1, 84]);
    const allNaN = colorizeMap(new Float32Array(2).fill(NaN), 2, 1);
    expect(Array.from(allNaN.data)).toEqual(new Array(6).fill(NAN_GREY));
  });

  it('robust range ignores outliers beyond the 2/98 % quantiles', () => {
    const values = new Float32Array(1000).map((_, i) => i / 999);
    values[0] = -100;
    values[999] = 100;
    const [lo, hi] = quantileRange(values, 0.02, 0.98) as [number, number];
    expect(lo).toBeCloseTo(0.02, 2);
    expect(hi).toBeCloseTo(0.98, 2);
    expect(() => colorizeMap(values, 10, 10)).toThrow(/1000 values for a 10x10 map/);
  });
});
