import { describe, expect, it } from 'vitest';
import { resolveSweepOptions } from './sweep-options.js';

describe('resolveSweepOptions', () => {
  it('fills the defaults', () => {
    expect(resolveSweepOptions({ numDepths: 64 })).toMatchObject({ numDepths: 64, windowSize: 11, costFunction: 'ncc' });
  });

  it.each([
    [{ numDepths: 0 }, 'plane sweep option numDepths: expected an integer >= 1, got 0'],
    [{ windowSize: 4 }, 'plane sweep option windowSize: expected a positive odd integer, got 4'],
    [{ tileSize: 4 }, 'plane sweep option tileSize: expected an integer >= 8, got 4'],
    [{ alignMinCorrelation: 2 }, 'plane sweep option alignMinCorrelation: expected a correlation in [-1, 1], got 2'],
  ])('rejects %o with AQM_ERR_DEPTH_OPTION_INVALID naming the option', (options, message) => {
    expect(() => resolveSweepOptions(options)).toThrow(expect.objectContaining({ code: 'AQM_ERR_DEPTH_OPTION_INVALID', message }));
  });
});
