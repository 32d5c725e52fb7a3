import { describe, expect, it } from 'vitest';
import { toGrey } from './grey.js';

describe('toGrey', () => {
  it('weights RGB with BT.601 and scales 16-bit samples to 0–255', () => {
    expect([...toGrey('cam', { width: 2, height: 1, channels: 3, data: Uint8Array.from([255, 0, 0, 0, 0, 255]) })].map((v) => v.toFixed(3))).toEqual([
      '76.245',
      '29.070',
    ]);
    expect([...toGrey('cam', { width: 1, height: 1, channels: 1, data: Uint16Array.from([65535]) })]).toEqual([255]);
  });

  it('rejects image data of the wrong length with AQM_ERR_MATCHING_IMAGE naming the camera', () => {
    expect(() => toGrey('ring01', { width: 2, height: 2, channels: 3, data: new Uint8Array(5) })).toThrow(
      expect.objectContaining({ code: 'AQM_ERR_MATCHING_IMAGE', message: "camera 'ring01': image data has 5 samples, expected 2×2×3" }),
    );
  });
});
