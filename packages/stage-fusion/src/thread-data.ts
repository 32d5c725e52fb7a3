import type { RefractiveProjection, RefractiveProjectionParams } from '@aquamvs/geometry';

// What the fusion's tasks hand to worker threads: camera models as parameters, arrays on shared memory.

/** The refractive model's parameters, to rebuild the same model in another thread. */
export function paramsOf(p: RefractiveProjection): RefractiveProjectionParams {
  return { K: [...p.K], R: [...p.R], t: [...p.t], waterZ: p.waterZ, normal: [...p.normal], nAir: p.nAir, nWater: p.nWater };
}

/** The typed array on a SharedArrayBuffer: itself when it already is, else a copy. */
export function shareArray<T extends Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
