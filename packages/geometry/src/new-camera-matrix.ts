import { geometryArgument } from './errors.js';
import { fisheyeCoefficients, pinholeCoefficients, undistortFisheyePoint, undistortPinholePoint } from './distortion.js';

/**
 * OpenCV `getOptimalNewCameraMatrix(K, dist, (w, h), alpha = 0)` (current rule, OpenCV ≥ 4.7): undistort
 * the 28 non-corner border points of a 9×9 grid with step `(w−1)/8, (h−1)/8`, take the inscribed
 * rectangle and map it onto `[0, w−1] × [0, h−1]`. Skew and the last row are copied from K.
 */
export function optimalNewCameraMatrix(K: ArrayLike<number>, distCoeffs: ArrayLike<number>, imageSize: readonly [number, number]): number[] {
  const [w, h] = imageSize;
  const k = pinholeCoefficients(distCoeffs);
  const N = 9;
  const stepX = (w - 1) / (N - 1);
  const stepY = (h - 1) / (N - 1);
  const p = new Float64Array(2);
  let iX0 = -Number.MAX_VALUE;
  let iX1 = Number.MAX_VALUE;
  let iY0 = -Number.MAX_VALUE;
  let iY1 = Number.MAX_VALUE;
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const border = x === 0 || x === N - 1 || y === 0 || y === N - 1;
      const corner = (x === 0 || x === N - 1) && (y === 0 || y === N - 1);
      if (!border || corner) continue;
      undistortPinholePoint(x * stepX, y * stepY, K, k, p);
      if (x === 0) iX0 = Math.max(iX0, p[0]);
      if (x === N - 1) iX1 = Math.min(iX1, p[0]);
      if (y === 0) iY0 = Math.max(iY0, p[1]);
      if (y === N - 1) iY1 = Math.min(iY1, p[1]);
    }
  }
  const fx = (w - 1) / (iX1 - iX0);
  const fy = (h - 1) / (iY1 - iY0);
  if (!(fx > 0 && fy > 0 && Number.isFinite(fx) && Number.isFinite(fy))) {
    throw geometryArgument('optimalNewCameraMatrix', 'distortion that keeps the image border ordered', Array.from(distCoeffs));
  }
  const out = Array.from(K);
  out[0] = fx;
  out[4] = fy;
  out[2] = -fx * iX0;
  out[5] = -fy * iY0;
  return out;
}

/**
 * OpenCV `fisheye.estimateNewCameraMatrixForUndistortRectify(K, D, (w, h), I)` with `balance = 0`,
 * `fov_scale = 1`: undistort the four edge midpoints, keep their centroid, choose the largest focal
 * length f1..f4 (y terms scaled by the aspect ratio fx/fy).
 */
export function fisheyeNewCameraMatrix(K: ArrayLike<number>, distCoeffs: ArrayLike<number>, imageSize: readonly [number, number]): number[] {
  const [w, h] = imageSize;
  const k = fisheyeCoefficients(distCoeffs);
  const hw = Math.trunc(w / 2);
  const hh = Math.trunc(h / 2);
  const src = [hw, 0, w, hh, hw, h, 0, hh];
  const pts = new Float64Array(8);
  const p = new Float64Array(2);
  for (let i = 0; i < 4; i++) {
    undistortFisheyePoint(src[i * 2], src[i * 2 + 1], K, k, p);
    pts[i * 2] = p[0];
    pts[i * 2 + 1] = p[1];
  }
  let cnx = (pts[0] + pts[2] + pts[4] + pts[6]) / 4;
  let cny = (pts[1] + pts[3] + pts[5] + pts[7]) / 4;
  const aspect = K[0] / K[4];
  cny *= aspect;
  let minx = Number.MAX_VALUE;
  let miny = Number.MAX_VALUE;
  let maxx = -Number.MAX_VALUE;
  let maxy = -Number.MAX_VALUE;
  for (let i = 0; i < 4; i++) {
    const px = pts[i * 2];
    const py = pts[i * 2 + 1] * aspect;
    miny = Math.min(miny, py);
    maxy = Math.max(maxy, py);
    minx = Math.min(minx, px);
    maxx = Math.max(maxx, px);
  }
  const f1 = (w * 0.5) / (cnx - minx);
  const f2 = (w * 0.5) / (maxx - cnx);
  const f3 = (h * 0.5 * aspect) / (cny - miny);
  const f4 = (h * 0.5 * aspect) / (maxy - cny);
  const f = Math.max(f1, f2, f3, f4);
  cnx = -cnx * f + w * 0.5;
  cny = -cny * f + h * aspect * 0.5;
  return [f, 0, cnx, 0, f / aspect, cny / aspect, 0, 0, 1];
}
