/**
 * `out[i]` = sum of the `k` smallest of `costs[0..S)[i]`. Dropping one or two (the usual case: 5 sources, best
 * 3 or 4) is a running sum minus the largest one or two; otherwise insertion into a small sorted prefix.
 */
export function aggregateLowest(costs: readonly Float32Array[], k: number, n: number, pick: Float64Array, out: Float32Array): void {
  const S = costs.length;
  const drop = S - k;
  if (drop === 1 || drop === 2) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let m1 = -Infinity;
      let m2 = -Infinity;
      for (let s = 0; s < S; s++) {
        const c = costs[s][i];
        sum += c;
        if (c > m1) {
          m2 = m1;
          m1 = c;
        } else if (c > m2) {
          m2 = c;
        }
      }
      out[i] = drop === 1 ? sum - m1 : sum - m1 - m2;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let s = 0; s < S; s++) {
      const c = costs[s][i];
      if (m === k && c >= pick[k - 1]) continue;
      let j = m < k ? m++ : k - 1;
      while (j > 0 && pick[j - 1] > c) {
        pick[j] = pick[j - 1];
        j--;
      }
      pick[j] = c;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += pick[j];
    out[i] = sum;
  }
}
