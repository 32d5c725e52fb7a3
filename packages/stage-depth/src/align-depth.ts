import { binomialBlur } from './binomial-blur.js';
import type { GreyPlane } from './grey-plane.js';
import { shapePreservingSmooth, quadraticSmooth } from './shape-smooth.js';
import { smoothDepth } from './smooth-depth.js';
import { SurfaceWarp } from './surface-warp.js';
import { sweepKernels } from './sweep-kernels.js';
import { largestTileAndHalo } from './tile-region.js';
import { sampleBilinear } from './warp-table.js';
import type { FinishedSweep } from './finished-sweep.js';

/** What {@link alignDepth} needs: the images and full-resolution warp tables of a finished sweep. */
export interface AlignDepthInput extends FinishedSweep {
  /** Gauss–Newton iterations. */
  readonly iterations: number;
  /** Binomial passes of the local photometric fit's window and of the normal-equation sums (σ² = passes/2 px²). */
  readonly windowPasses: number;
  /** Largest update of one iteration, in depth steps; a pixel whose solution is larger keeps its depth. */
  readonly maxUpdate: number;
  /** A source enters a pixel only where its local correlation with the reference is at least this. */
  readonly minCorrelation: number;
  /** Depth steps beyond which the per-iteration smoothing keeps neighbours apart (`smoothDepth`). @default Infinity */
  readonly edgeTolerance?: number;
  /** Curvature (depth steps) above which the smoothing keeps relief's shape (`smoothDepth`). @default Infinity */
  readonly curvatureFloor?: number;
  /**
   * Depth steps by which the shape-keeping smoothing must differ from the 3×3 mean before it replaces it
   * (`shapePreservingSmooth`; without an edge tolerance or curvature floor). @default Infinity (the plain mean)
   */
  readonly shapeFloor?: number;
  /** Smooth the result once more with {@link quadraticSmooth} (the last iteration's per-pixel noise). @default false */
  readonly finalSmooth?: boolean;
}

/** Aligned depth plus the work done. */
export interface AlignDepthResult {
  readonly depth: Float32Array;
  /** Pixel × source samples taken. */
  readonly evaluations: number;
}

/**
 * Photometric Gauss–Newton alignment of a depth map (direct, per pixel). Each iteration smooths the map lightly (3×3
 * mean of valid neighbours that lie on the same surface: the only regulariser), samples every source at each pixel's own depth `D(q)`, fits it to
 * the reference by a local gain and offset (weighted least squares; a source without the reference's fine texture,
 * e.g. the coarse fisheye, gets a gain below 1 instead of amplified noise) and linearises the residual
 * `a·I_s(u(D)) + b − I_ref` in the depth. Sources are weighted by the inverse variance of their fit residual
 * (`var_ref·(1 − ρ²)`), the normal equations are summed over a binomial window and solved per pixel. Unlike a
 * window swept along the rays, every pixel keeps its own depth in the fit, so relief a few windows long is not
 * smoothed; see the README for figures.
 */
export function alignDepth(input: AlignDepthInput): AlignDepthResult {
  const { ref, sources, warp, hypotheses, tiles } = input;
  const W = ref.width;
  const H = ref.height;
  const N = W * H;
  const I0 = ref.data;
  const step = hypotheses.count > 1 ? (hypotheses.max - hypotheses.min) / (hypotheses.count - 1) : 0;
  let depth: Float32Array = Float32Array.from(input.depth);
  let evaluations = 0;
  if (step === 0 || sources.length === 0 || input.iterations === 0) return { depth, evaluations };
  const maxUpdate = input.maxUpdate * step;
  const passes = input.windowPasses;
  // The kernels compute the surface's positions only (no cost: any window).
  const surfaceWarp = new SurfaceWarp(warp, hypotheses, sweepKernels(1, sources));
  const pos = SurfaceWarp.buffers(largestTileAndHalo(tiles, 0, W, H).tile);
  const gradients = sources.map(gradientsOf);
  const sample = new Float32Array(N);
  const slope = new Float32Array(N);
  const moments = Array.from({ length: 6 }, () => new Float32Array(N));
  const A = new Float32Array(N);
  const B = new Float32Array(N);
  const blurRows = new Float32Array(N); // the binomial blurs run in place, through this one plane
  const shapeFloor = input.shapeFloor ?? Infinity;
  const shapeKept = shapeFloor < Infinity && (input.edgeTolerance ?? Infinity) === Infinity && (input.curvatureFloor ?? Infinity) === Infinity;
  for (let it = 0; it < input.iterations; it++) {
    depth = shapeKept
      ? shapePreservingSmooth(depth, W, H, shapeFloor * step)
      : smoothDepth(depth, W, H, (input.edgeTolerance ?? Infinity) * step, (input.curvatureFloor ?? Infinity) * step);
    A.fill(0);
    B.fill(0);
    for (let s = 0; s < sources.length; s++) {
      const src = sources[s];
      const { gx, gy } = gradients[s];
      sample.fill(Number.NaN);
      for (const tile of tiles) {
        if (!surfaceWarp.setSurface(depth, W, tile)) continue;
        surfaceWarp.read(s, pos);
        for (let y = tile.y0, i = 0; y < tile.y1; y++) {
          for (let x = tile.x0; x < tile.x1; x++, i++) {
            const u = pos.u[i];
            if (u !== u) continue;
            const v = pos.v[i];
            const value = sampleBilinear(src, u, v);
            if (value !== value) continue;
            const o = y * W + x;
            sample[o] = value;
            slope[o] = sampleBilinear(gx, u, v) * pos.du[i] + sampleBilinear(gy, u, v) * pos.dv[i];
            evaluations++;
          }
        }
      }
      accumulateSource(I0, sample, slope, moments, W, H, passes, input.minCorrelation, A, B, blurRows);
    }
    const sumA = binomialBlur({ width: W, height: H, data: A }, passes, { out: A, rows: blurRows }).data;
    const sumB = binomialBlur({ width: W, height: H, data: B }, passes, { out: B, rows: blurRows }).data;
    for (let o = 0; o < N; o++) {
      const d = depth[o];
      if (d !== d || !(sumA[o] > 0)) continue;
      const delta = -sumB[o] / sumA[o];
      if (Math.abs(delta) <= maxUpdate) depth[o] = d + delta;
    }
  }
  if (input.finalSmooth === true) depth = quadraticSmooth(depth, W, H);
  return { depth, evaluations };
}

/**
 * Adds one source's weighted normal equations (`A += w·J²`, `B += w·J·r`) at every pixel where it has a sample, a
 * local fit (binomial window; at least half the window valid) and correlation ≥ `minCorrelation`.
 */
function accumulateSource(
  I0: Float32Array,
  sample: Float32Array,
  slope: Float32Array,
  moments: Float32Array[],
  W: number,
  H: number,
  passes: number,
  minCorrelation: number,
  A: Float32Array,
  B: Float32Array,
  blurRows: Float32Array,
): void {
  const N = W * H;
  const [m, m0, m1, m00, m01, m11] = moments;
  for (let o = 0; o < N; o++) {
    const v = sample[o];
    if (v !== v) {
      m[o] = m0[o] = m1[o] = m00[o] = m01[o] = m11[o] = 0;
      continue;
    }
    const r = I0[o];
    m[o] = 1;
    m0[o] = r;
    m1[o] = v;
    m00[o] = r * r;
    m01[o] = r * v;
    m11[o] = v * v;
  }
  // Blurred in place: the moments are rewritten for every source.
  const [n, s0, s1, s00, s01, s11] = moments.map(
    (plane) => binomialBlur({ width: W, height: H, data: plane }, passes, { out: plane, rows: blurRows }).data,
  );
  for (let o = 0; o < N; o++) {
    const v = sample[o];
    if (v !== v || n[o] < 0.5) continue;
    const inv = 1 / n[o];
    const mu0 = s0[o] * inv;
    const mu1 = s1[o] * inv;
    const var0 = s00[o] * inv - mu0 * mu0;
    const var1 = s11[o] * inv - mu1 * mu1;
    const cov = s01[o] * inv - mu0 * mu1;
    if (!(var1 > 1e-8 && var0 > 1e-8)) continue;
    const rho = cov / Math.sqrt(var0 * var1);
    if (rho < minCorrelation) continue;
    const gain = cov / var1;
    const residual = gain * (v - mu1) + mu0 - I0[o];
    const J = gain * slope[o];
    // Maximum-likelihood weight: the inverse variance of this source's fit residual.
    const weight = 1 / (var0 * (1 - rho * rho) + 1e-5);
    A[o] += weight * J * J;
    B[o] += weight * J * residual;
  }
}

/** Central-difference gradients of a plane (one-sided at the border), as planes for bilinear sampling. */
function gradientsOf(plane: GreyPlane): { gx: GreyPlane; gy: GreyPlane } {
  const { width: W, height: H, data } = plane;
  const gx = new Float32Array(W * H);
  const gy = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = y * W + x;
      const left = x > 0 ? o - 1 : o;
      const right = x < W - 1 ? o + 1 : o;
      const up = y > 0 ? o - W : o;
      const down = y < H - 1 ? o + W : o;
      gx[o] = (data[right] - data[left]) / (right - left || 1);
      gy[o] = (data[down] - data[up]) / ((down - up) / W || 1);
    }
  }
  return { gx: { width: W, height: H, data: gx }, gy: { width: W, height: H, data: gy } };
}
