// A config plugin for the long-run RSS bench: after every frame it appends one JSON line to `options.out` with the
// process memory (bytes), the peak RSS so far and the live thread count. Loaded by path from the bench's config.
import { appendFileSync, readFileSync } from 'node:fs';

const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);

export default function rssRecorder(options = {}) {
  const out = options.out;
  if (typeof out !== 'string') throw new Error("rss-recorder: option 'out' (a file path) is required");
  return {
    name: 'rss-recorder',
    register(container) {
      container.register(Symbol.for('@aquamvs/core:hooks'), {
        useValue: {
          name: 'rss-recorder',
          frameEnd(event) {
            const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
            const peakRss = process.resourceUsage().maxRSS * 1024;
            const line = {
              frame: event.frame,
              status: event.status,
              ms: Math.round(event.durationMs),
              rss,
              peakRss,
              heapUsed,
              external,
              arrayBuffers,
              threads: threads(),
            };
            appendFileSync(out, `${JSON.stringify(line)}\n`);
          },
        },
      });
    },
  };
}
