import { costFunctionUnknown } from './errors.js';
import type { GreyPlane } from './grey-plane.js';
import { SsimKernel } from './ssim-kernel.js';
import { SweepKernels } from './sweep-kernels.js';

/** Photometric cost functions (`reconstruction.cost_function`). */
const COST_FUNCTIONS = ['ncc', 'ssim'] as const;
/** One of {@link COST_FUNCTIONS}. */
export type CostFunction = (typeof COST_FUNCTIONS)[number];

/** Throws `AQM_ERR_DEPTH_COST_UNKNOWN` unless `name` is a {@link CostFunction}. */
export function assertCostFunction(name: string): asserts name is CostFunction {
  if (!(COST_FUNCTIONS as readonly string[]).includes(name)) throw costFunctionUnknown(name);
}

/**
 * Cost map (lower = better) between a reference plane and a source plane already warped onto it (NaN =
 * no data), with a `window × window` window: NCC in [0, 2] or SSIM in [0, 1] (§3.7).
 * @example
 * const cost = computeCost('ncc', ref, warped, 11); // Float32Array of ref.width × ref.height
 */
export function computeCost(kind: string, ref: GreyPlane, src: GreyPlane, window: number): Float32Array {
  assertCostFunction(kind);
  const { width, height } = ref;
  const full = { x0: 0, y0: 0, x1: width, y1: height };
  const acc = new Float32Array(width * height);
  if (kind === 'ssim') {
    new SsimKernel(window).addTileCost(ref, src.data, full, full, acc);
    return acc;
  }
  let allValid = true;
  for (let i = 0; i < src.data.length; i++) {
    if (src.data[i] !== src.data[i]) {
      allValid = false;
      break;
    }
  }
  new SweepKernels(window).addNccCost(ref, full, full, allValid, acc, src.data);
  return acc;
}

/** Plain mean of per-source cost maps (§3.7 step 4e). */
export function meanCost(costs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(costs[0]?.length ?? 0);
  for (const c of costs) for (let i = 0; i < out.length; i++) out[i] += c[i];
  for (let i = 0; i < out.length; i++) out[i] /= costs.length;
  return out;
}
