/** Samples `z = height(x, y)` on a jittered grid of `spacing` over `[x0, x1] × [y0, y1]` as an N×3 cloud. */
export function sampledSurface(
  height: (x: number, y: number) => number,
  bounds: readonly [number, number, number, number],
  spacing: number,
  seed = 1,
): Float64Array {
  const [x0, x1, y0, y1] = bounds;
  let s = seed;
  const random = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out: number[] = [];
  for (let y = y0; y <= y1 + 1e-12; y += spacing) {
    for (let x = x0; x <= x1 + 1e-12; x += spacing) {
      const px = x + (random() - 0.5) * 0.5 * spacing;
      const py = y + (random() - 0.5) * 0.5 * spacing;
      out.push(px, py, height(px, py));
    }
  }
  return Float64Array.from(out);
}

/** A cosine-bell mound of height `h` and radius `r` at `(cx, cy)` on a bed at `z0` (+Z down: the mound lowers Z). */
export function moundHeight(z0: number, cx: number, cy: number, r: number, h: number): (x: number, y: number) => number {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d >= r ? z0 : z0 - 0.5 * h * (1 + Math.cos((Math.PI * d) / r));
  };
}

/** Volume of that mound: `h·r²·(π/2 − 2/π)`. */
export const moundVolume = (r: number, h: number): number => h * r * r * (Math.PI / 2 - 2 / Math.PI);
