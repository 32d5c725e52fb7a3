/**
 * Per-element median over a window held element-major (`samples[i·k + j]` = element i of the window's j-th frame,
 * frames in any order) into `out`, as numpy/bottleneck `median(axis=0)` cast to uint8: the middle value for an odd
 * `k`, the floor of the mean of the two middle values for an even one.
 *
 * This is the hot loop of `temporal-filter`. Instead of sorting each element's k values it selects the middle
 * rank(s) with a two-level histogram of the 8-bit values: count the high nibbles (16 bins), find the bin holding the
 * rank, then count the low nibbles of the values in that bin: two passes over k contiguous bytes and two 16-bin scans
 * per element, with no data-dependent swaps.
 */
export function temporalMedian(samples: Uint8Array, k: number, out: Uint8Array): void {
  if (!(k >= 1) || samples.length !== out.length * k)
    throw new RangeError(`temporalMedian: ${samples.length} samples for ${out.length} elements × ${k} frames`);
  const coarse = new Int32Array(16);
  const fine = new Int32Array(16);
  const lowRank = (k - 1) >> 1;
  const even = k % 2 === 0;
  for (let i = 0, base = 0; i < out.length; i++, base += k) {
    const end = base + k;
    for (let b = 0; b < 16; b++) {
      coarse[b] = 0;
      fine[b] = 0;
    }
    for (let j = base; j < end; j++) coarse[samples[j] >> 4]++;
    let bin = 0;
    let below = 0;
    while (below + coarse[bin] <= lowRank) below += coarse[bin++];
    for (let j = base; j < end; j++) {
      const v = samples[j];
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
        for (let j = base; j < end; j++) {
          const v = samples[j];
          if (v >> 4 === next && v < high) high = v;
        }
      }
    }
    out[i] = (low + high) >> 1;
  }
}
