/** Memory figures in bytes, as `process.memoryUsage()` reports them. */
export type MemoryFigures = {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
};

/** The current process memory. */
export function memorySnapshot(): MemoryFigures {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

/** Raises each figure of `peak` to at least the one in `sample`. */
export function raisePeak(peak: MemoryFigures, sample: MemoryFigures): void {
  if (sample.rss > peak.rss) peak.rss = sample.rss;
  if (sample.heapUsed > peak.heapUsed) peak.heapUsed = sample.heapUsed;
  if (sample.external > peak.external) peak.external = sample.external;
  if (sample.arrayBuffers > peak.arrayBuffers) peak.arrayBuffers = sample.arrayBuffers;
}

/** `after - before`, figure by figure. */
export function memoryDelta(before: MemoryFigures, after: MemoryFigures): MemoryFigures {
  return {
    rss: after.rss - before.rss,
    heapUsed: after.heapUsed - before.heapUsed,
    external: after.external - before.external,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
  };
}

/** Adds `b` into `a`. */
export function addMemory(a: MemoryFigures, b: MemoryFigures): void {
  a.rss += b.rss;
  a.heapUsed += b.heapUsed;
  a.external += b.external;
  a.arrayBuffers += b.arrayBuffers;
}

export const zeroMemory = (): MemoryFigures => ({ rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 });
