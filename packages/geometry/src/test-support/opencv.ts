import { createRequire } from 'node:module';

/** The subset of the opencv-js API the oracle tests use. */
export interface OpenCv {
  Mat: new (rows: number, cols: number, type: number) => OpenCvMat;
  matFromArray(rows: number, cols: number, type: number, data: number[]): OpenCvMat;
  Size: new (w: number, h: number) => unknown;
  Scalar: new (...v: number[]) => unknown;
  initUndistortRectifyMap(K: OpenCvMat, D: OpenCvMat, R: OpenCvMat, P: OpenCvMat, size: unknown, type: number, m1: OpenCvMat, m2: OpenCvMat): void;
  fisheye_initUndistortRectifyMap(
    K: OpenCvMat,
    D: OpenCvMat,
    R: OpenCvMat,
    P: OpenCvMat,
    size: unknown,
    type: number,
    m1: OpenCvMat,
    m2: OpenCvMat,
  ): void;
  remap(src: OpenCvMat, dst: OpenCvMat, m1: OpenCvMat, m2: OpenCvMat, interp: number, border: number, value: unknown): void;
  CV_64F: number;
  CV_32FC1: number;
  CV_8UC3: number;
  INTER_LINEAR: number;
  BORDER_CONSTANT: number;
  onRuntimeInitialized?: () => void;
}

/** An opencv-js matrix (wasm heap; call `delete()`). */
interface OpenCvMat {
  data: Uint8Array;
  data32F: Float32Array;
  delete(): void;
}

let loading: Promise<{ cv: OpenCv }> | undefined;

/**
 * Loads @techstark/opencv-js 4.12 (test oracle only). Its module object is a thenable that resolves
 * to itself, so it must never be awaited or passed to `resolve()` (the promise would adopt it forever):
 * wait for `onRuntimeInitialized` and hand it over wrapped in an object.
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise<{ cv: OpenCv }>((resolve) => {
    const require = createRequire(import.meta.url);
    const cv = require('@techstark/opencv-js') as OpenCv;
    if (typeof cv.Mat === 'function') resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return loading;
}
