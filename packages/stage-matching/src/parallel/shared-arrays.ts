/**
 * Typed arrays on SharedArrayBuffer memory: posting them to or from a worker thread shares the memory instead of
 * copying it, so images, grey planes, keypoints and descriptors travel between the matcher's threads for free.
 */
export const sharedFloat32 = (n: number): Float32Array => new Float32Array(new SharedArrayBuffer(n * Float32Array.BYTES_PER_ELEMENT));
export const sharedFloat64 = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));

/** A copy of `data` on shared memory (same element type; a Node Buffer becomes a Uint8Array), or `data` itself when it already is. */
export function toShared<T extends Uint8Array | Uint16Array | Float32Array>(data: T): T {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const buffer = new SharedArrayBuffer(data.byteLength);
  const out =
    data instanceof Float32Array ? new Float32Array(buffer) : data instanceof Uint16Array ? new Uint16Array(buffer) : new Uint8Array(buffer);
  out.set(data);
  return out as T;
}
