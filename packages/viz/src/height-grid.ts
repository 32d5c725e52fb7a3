/** A regular XY grid of mean Z per cell (NaN = empty), row-major, row 0 at `minY`. */
export interface HeightGrid {
  readonly width: number;
  readonly height: number;
  readonly minX: number;
  readonly minY: number;
  /** Cell size, metres. */
  readonly resolution: number;
  readonly z: Float32Array;
}

/**
 * Grids points on the XY plane at `resolution` metres (the cloud's mean Z per cell, like the reference's
 * time-series gallery, spec §3.16). The grid covers `extent` (`[minX, minY, maxX, maxY]`); when it would exceed
 * `maxCells` cells per side the resolution is coarsened to fit.
 */
export function heightGrid(
  positions: ArrayLike<number>,
  extent: readonly [number, number, number, number],
  resolution: number,
  maxCells = 512,
): HeightGrid {
  const [minX, minY, maxX, maxY] = extent;
  let res = resolution > 0 ? resolution : 0.002;
  res = Math.max(res, (maxX - minX) / maxCells, (maxY - minY) / maxCells);
  const width = Math.max(1, Math.ceil((maxX - minX) / res));
  const height = Math.max(1, Math.ceil((maxY - minY) / res));
  const sum = new Float64Array(width * height);
  const count = new Uint32Array(width * height);
  const n = Math.floor(positions.length / 3);
  for (let i = 0; i < n; i++) {
    const gx = Math.floor((positions[3 * i] - minX) / res);
    const gy = Math.floor((positions[3 * i + 1] - minY) / res);
    const z = positions[3 * i + 2];
    if (!(gx >= 0 && gy >= 0 && gx < width && gy < height) || !Number.isFinite(z)) continue;
    sum[gy * width + gx] += z;
    count[gy * width + gx] += 1;
  }
  const z = new Float32Array(width * height);
  for (let i = 0; i < z.length; i++) z[i] = count[i] > 0 ? sum[i] / count[i] : NaN;
  return { width, height, minX, minY, resolution: res, z: fillPinholes(z, width, height) };
}

/** Fills empty cells that have at least 5 of 8 filled neighbours with their mean (closes sampling pinholes, not gaps). */
function fillPinholes(z: Float32Array, width: number, height: number): Float32Array {
  const out = Float32Array.from(z);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      if (!Number.isNaN(z[y * width + x])) continue;
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const v = z[(y + dy) * width + x + dx];
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
      }
      if (n >= 5) out[y * width + x] = sum / n;
    }
  }
  return out;
}
