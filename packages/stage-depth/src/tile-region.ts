/** A rectangle of pixels `[x0, x1) × [y0, y1)`. */
export interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The rectangle grown by `r` on every side and clipped to a `width × height` image. */
export function haloOf(rect: Rect, r: number, width: number, height: number): Rect {
  return {
    x0: Math.max(0, rect.x0 - r),
    y0: Math.max(0, rect.y0 - r),
    x1: Math.min(width, rect.x1 + r),
    y1: Math.min(height, rect.y1 + r),
  };
}

/** Splits a `width × height` image into tiles of at most `tileWidth × tileHeight`, row-major. */
export function tilesOf(width: number, height: number, tileWidth: number, tileHeight: number): Rect[] {
  const out: Rect[] = [];
  for (let y0 = 0; y0 < height; y0 += tileHeight) {
    for (let x0 = 0; x0 < width; x0 += tileWidth) {
      out.push({ x0, y0, x1: Math.min(width, x0 + tileWidth), y1: Math.min(height, y0 + tileHeight) });
    }
  }
  return out;
}

/** Largest tile and largest halo (tile grown by `r`, clipped) in pixels: the buffer sizes a tile loop needs. */
export function largestTileAndHalo(tiles: readonly Rect[], r: number, width: number, height: number): { tile: number; halo: number } {
  let tile = 0;
  let halo = 0;
  for (const t of tiles) {
    const h = haloOf(t, r, width, height);
    tile = Math.max(tile, (t.x1 - t.x0) * (t.y1 - t.y0));
    halo = Math.max(halo, (h.x1 - h.x0) * (h.y1 - h.y0));
  }
  return { tile, halo };
}
