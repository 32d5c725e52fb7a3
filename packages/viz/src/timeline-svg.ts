/** A complete (`ph: 'X'`) event of a Chrome trace. */
export interface TimelineEvent {
  readonly name: string;
  readonly tid: number;
  /** Start, microseconds. */
  readonly ts: number;
  /** Duration, microseconds. */
  readonly dur: number;
  readonly cat?: string;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The `ph: 'X'` events of a Chrome trace object (`{traceEvents: [...]}` or a bare array). */
export function timelineEvents(trace: unknown): TimelineEvent[] {
  const list = Array.isArray(trace) ? trace : (trace as { traceEvents?: unknown } | null)?.traceEvents;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is TimelineEvent =>
      typeof e === 'object' &&
      e !== null &&
      (e as { ph?: unknown }).ph === 'X' &&
      typeof (e as TimelineEvent).ts === 'number' &&
      typeof (e as TimelineEvent).dur === 'number',
  );
}

/**
 * The stage timeline as an SVG: one lane per thread, nested spans stacked under their stage, a bar per event coloured
 * by top-level name (hover shows name and duration), and a time axis in seconds.
 */
export function timelineSvg(events: readonly TimelineEvent[], width = 1100): string {
  if (events.length === 0) return '';
  const t0 = Math.min(...events.map((e) => e.ts));
  const t1 = Math.max(...events.map((e) => e.ts + e.dur));
  const span = Math.max(1, t1 - t0);
  const left = 70;
  const rowH = 16;
  const plotW = width - left - 10;
  const lanes = new Map<number, TimelineEvent[]>();
  for (const e of events) lanes.set(e.tid, [...(lanes.get(e.tid) ?? []), e]);
  const colors = new Map<string, string>();
  const colorOf = (name: string): string => {
    const key = name.split(' ')[0];
    if (!colors.has(key)) colors.set(key, PALETTE[colors.size % PALETTE.length]);
    return colors.get(key) as string;
  };
  const rects: string[] = [];
  let y = 24;
  for (const [tid, list] of [...lanes.entries()].sort((a, b) => a[0] - b[0])) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open: number[] = [];
    let depthMax = 0;
    const placed = sorted.map((e) => {
      while (open.length > 0 && open[open.length - 1] <= e.ts) open.pop();
      const depth = open.length;
      open.push(e.ts + e.dur);
      depthMax = Math.max(depthMax, depth);
      return { e, depth };
    });
    rects.push(`<text x="4" y="${y + 12}" class="lane">thread ${tid}</text>`);
    for (const { e, depth } of placed) {
      const x = left + ((e.ts - t0) / span) * plotW;
      const w = Math.max(0.5, (e.dur / span) * plotW);
      const ms = (e.dur / 1000).toFixed(1);
      rects.push(
        `<rect x="${x.toFixed(2)}" y="${y + depth * rowH}" width="${w.toFixed(2)}" height="${rowH - 2}" fill="${colorOf(e.name)}"><title>${escapeXml(e.name)}: ${ms} ms</title></rect>`,
      );
      if (w > 60)
        rects.push(
          `<text x="${(x + 3).toFixed(2)}" y="${y + depth * rowH + 11}" class="bar">${escapeXml(e.name.slice(0, Math.floor(w / 6)))}</text>`,
        );
    }
    y += (depthMax + 1) * rowH + 8;
  }
  const ticks: string[] = [];
  const seconds = span / 1e6;
  const step = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600].find((s) => seconds / s <= 10) ?? 1200;
  for (let s = 0; s <= seconds + 1e-9; s += step) {
    const x = left + (s / seconds) * plotW;
    ticks.push(
      `<line x1="${x.toFixed(1)}" y1="14" x2="${x.toFixed(1)}" y2="${y}" class="tick"/><text x="${(x + 2).toFixed(1)}" y="11" class="axis">${+s.toFixed(1)} s</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${y + 4}" viewBox="0 0 ${width} ${y + 4}" font-family="sans-serif" font-size="10">
<style>.lane{fill:#333}.bar{fill:#fff;pointer-events:none}.axis{fill:#555}.tick{stroke:#ddd}</style>
${ticks.join('\n')}
${rects.join('\n')}
</svg>`;
}
