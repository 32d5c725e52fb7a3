/**
 * Per-element median of `frames` (each `length` 8-bit samples) into `out`, as numpy/bottleneck `median(axis=0)`
 * cast to uint8: the middle value for an odd count, the floor of the mean of the two middle values for an even one.
 *
 * This is the hot loop of `temporal-filter`. Instead of sorting each element's values it selects the middle rank(s)
 * with a two-level histogram of the 8-bit values: count the high nibbles (16 bins), find the bin holding the rank,
 * then count the low nibbles of the values in that bin. That is two passes over the k values and two 16-bin scans
 * per element, with no data-dependent swaps, whatever the window length.
 */
export function temporalMedian(frames: readonly Uint8Array[], out: Uint8Array, start = 0, end = out.length): void {
  const k = frames.length;
  if (k === 0) throw new RangeError('temporalMedian: no frames');
  const coarse = new Int32Array(16);
  const fine = new Int32Array(16);
  const lowRank = (k - 1) >> 1;
  const even = k % 2 === 0;
  for (let i = start; i < end; i++) {
    for (let b = 0; b < 16; b++) {
      coarse[b] = 0;
      fine[b] = 0;
    }
    for (let j = 0; j < k; j++) coarse[frames[j][i] >> 4]++;
    let bin = 0;
    let below = 0;
    while (below + coarse[bin] <= lowRank) below += coarse[bin++];
    for (let j = 0; j < k; j++) {
      const v = frames[j][i];
      if (v >> 4 === bin) fine[v & 15]++;
    }
    let f = 0;
    let seen = below;
    while (seen + fine[f] <= lowRank) seen += fine[f++];
    const low = (bin << 4) | f;
    if (!even) {
      out[i] = low;
      continue;
    }
    // The upper middle (rank lowRank + 1) is the same value, the next value in this coarse bin, or the smallest
    // value of the next non-empty coarse bin.
    let high: number;
    if (seen + fine[f] > lowRank + 1) high = low;
    else {
      let g = f + 1;
      while (g < 16 && fine[g] === 0) g++;
      if (g < 16) high = (bin << 4) | g;
      else {
        let next = bin + 1;
        while (coarse[next] === 0) next++;
        high = 255;
        for (let j = 0; j < k; j++) {
          const v = frames[j][i];
          if (v >> 4 === next && v < high) high = v;
        }
      }
    }
    out[i] = (low + high) >> 1;
  }
}
