/** 3×3 mean of the valid neighbours of every valid pixel (invalid pixels stay NaN). */
export function smoothDepth(depth: Float32Array, W: number, H: number): Float32Array {
  const out = new Float32Array(depth.length).fill(Number.NaN);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const c = depth[y * W + x];
      if (c !== c) continue;
      let sum = 0;
      let count = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(H - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(W - 1, x + 1); xx++) {
          const d = depth[yy * W + xx];
          if (d === d) {
            sum += d;
            count++;
          }
        }
      }
      out[y * W + x] = sum / count;
    }
  }
  return out;
}
