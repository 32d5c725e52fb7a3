import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormap.js';
import { renderHeightChange } from './height-change-image.js';
import { volumeChangeSvg } from './volume-change-svg.js';

describe('height-change map and volume-change plot', () => {
  it('draws a rise blue, a fall red, no change white, unknown grey, with a scale bar', () => {
    const lut = colormapLut('rdbu');
    expect([...lut.subarray(0, 3)]).toEqual([103, 0, 31]);
    expect([...lut.subarray(765, 768)]).toEqual([5, 48, 97]);
    const change = Float64Array.from([0.002, -0.002, 0, Number.NaN]);
    const image = renderHeightChange(change, 2, 2, { cellPixels: 10, limit: 0.002 });
    const at = (x: number, y: number): number[] => [...image.data.subarray(3 * (y * image.width + x), 3 * (y * image.width + x) + 3)];
    // No title: the map starts 8 px down.
    expect(at(5, 13)).toEqual([5, 48, 97]);
    expect(at(15, 13)).toEqual([103, 0, 31]);
    const white = at(5, 23);
    expect(Math.min(...white)).toBeGreaterThan(230);
    expect(at(15, 23)).toEqual([204, 204, 204]);
    expect(image.width).toBeGreaterThan(20 + 18);
  });

  it('plots gained, lost and net volume per frame in litres', () => {
    const svg = volumeChangeSvg(
      [
        { frame: 0, gainedM3: 0, lostM3: 0, netM3: 0 },
        { frame: 5, gainedM3: 0.0002, lostM3: 0.00005, netM3: 0.00015 },
      ],
      'mound <1>',
    );
    expect(svg).toContain('mound &#60;1&#62;');
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('volume (litres)');
    expect(svg).toMatch(/>0\.2</);
  });
});
