import type { AggregatedDepth } from './aggregate-pairwise-depths.js';

/** A full-size RoMa depth map: depth (NaN = invalid), confidence and int32 consistency, row-major H×W. */
export interface UpsampledDepth {
  readonly width: number;
  readonly height: number;
  readonly depth: Float32Array;
  readonly confidence: Float32Array;
  readonly consistency: Int32Array;
}

/** Bilinear (`align_corners=False`) source index and weight of each output coordinate along one axis. */
function bilinearAxis(inSize: number, outSize: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const x = Math.max(0, (o + 0.5) * scale - 0.5);
    const f = Math.min(Math.floor(x), inSize - 1);
    i0[o] = f;
    i1[o] = Math.min(f + 1, inSize - 1);
    w[o] = x - f;
  }
  return { i0, i1, w };
}

/**
 * Upsamples an aggregated warp-resolution depth map to `width`×`height` (spec §3.9 step 3): depth by normalised
 * convolution (bilinear of `depth·valid` over bilinear of `valid`, NaN where the weight ≤ 1e-6), confidence by plain
 * bilinear interpolation, consistency by nearest neighbour (torch `nearest`: `floor(o·in/out)`).
 */
export function upsampleDepth(map: AggregatedDepth, inWidth: number, inHeight: number, width: number, height: number): UpsampledDepth {
  const ax = bilinearAxis(inWidth, width);
  const ay = bilinearAxis(inHeight, height);
  const n = width * height;
  const depth = new Float32Array(n);
  const confidence = new Float32Array(n);
  const consistency = new Int32Array(n);
  const src = map.depth;
  const conf = map.confidence;
  const sx = inWidth / width;
  const sy = inHeight / height;
  for (let y = 0; y < height; y++) {
    const r0 = ay.i0[y] * inWidth;
    const r1 = ay.i1[y] * inWidth;
    const wy = ay.w[y];
    const ny = Math.min(Math.floor(y * sy), inHeight - 1) * inWidth;
    for (let x = 0; x < width; x++) {
      const c0 = ax.i0[x];
      const c1 = ax.i1[x];
      const wx = ax.w[x];
      const w00 = (1 - wy) * (1 - wx), w01 = (1 - wy) * wx, w10 = wy * (1 - wx), w11 = wy * wx; // prettier-ignore
      let num = 0;
      let den = 0;
      const d00 = src[r0 + c0], d01 = src[r0 + c1], d10 = src[r1 + c0], d11 = src[r1 + c1]; // prettier-ignore
      if (d00 === d00) { num += w00 * d00; den += w00; } // prettier-ignore
      if (d01 === d01) { num += w01 * d01; den += w01; } // prettier-ignore
      if (d10 === d10) { num += w10 * d10; den += w10; } // prettier-ignore
      if (d11 === d11) { num += w11 * d11; den += w11; } // prettier-ignore
      const o = y * width + x;
      depth[o] = den > 1e-6 ? num / den : Number.NaN;
      confidence[o] = w00 * conf[r0 + c0] + w01 * conf[r0 + c1] + w10 * conf[r1 + c0] + w11 * conf[r1 + c1];
      consistency[o] = map.consistency[ny + Math.min(Math.floor(x * sx), inWidth - 1)];
    }
  }
  return { width, height, depth, confidence, consistency };
}
