/** One frame's volume change against the baseline (see `@aquamvs/evaluation` `volumeChange`). */
export interface VolumeChangeRow {
  readonly frame: number;
  readonly gainedM3: number;
  readonly lostM3: number;
  readonly netM3: number;
}

const SERIES = [
  { key: 'gainedM3', label: 'gained', colour: '#2166ac' },
  { key: 'lostM3', label: 'lost', colour: '#b2182b' },
  { key: 'netM3', label: 'net', colour: '#333333' },
] as const;

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
function tickStep(span: number, count: number): number {
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
}

/**
 * Volume gained, lost and net against the baseline per frame, as a standalone SVG line chart (litres on the y axis:
 * the volumes a nest or bower changes by are fractions of a cubic metre).
 * @example
 * await writeFile('volume_change.svg', volumeChangeSvg(rows, 'volume change vs frame 0'));
 */
export function volumeChangeSvg(rows: readonly VolumeChangeRow[], title: string, width = 720, height = 360): string {
  const left = 70,
    right = 110,
    top = 36,
    bottom = 44;
  const frames = rows.map((r) => r.frame);
  const values = rows.flatMap((r) => SERIES.map((s) => r[s.key] * 1000));
  const f0 = Math.min(...frames),
    f1 = Math.max(...frames);
  let lo = Math.min(0, ...values),
    hi = Math.max(0, ...values);
  if (hi - lo < 1e-9) hi = lo + 1;
  const step = tickStep(hi - lo, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (f: number): number => left + (f1 === f0 ? 0.5 : (f - f0) / (f1 - f0)) * (width - left - right);
  const y = (v: number): number => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14">${title.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</text>`,
  ];
  for (let v = lo; v <= hi + step / 2; v += step) {
    out.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="${Math.abs(v) < step / 2 ? '#888' : '#e5e5e5'}"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(6))}</text>`);
  }
  const fStep = Math.max(1, Math.round(tickStep(Math.max(1, f1 - f0), 8)));
  for (let f = f0; f <= f1; f += fStep) out.push(`<text x="${x(f)}" y="${height - bottom + 16}" text-anchor="middle">${f}</text>`);
  out.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle">frame</text>`);
  out.push(`<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">volume (litres)</text>`);
  SERIES.forEach((s, k) => {
    const pts = rows.map((r) => `${x(r.frame).toFixed(1)},${y(r[s.key] * 1000).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="3" fill="${s.colour}"/>`);
    out.push(
      `<line x1="${width - right + 12}" x2="${width - right + 32}" y1="${top + 10 + k * 18}" y2="${top + 10 + k * 18}" stroke="${s.colour}" stroke-width="2"/>`,
    );
    out.push(`<text x="${width - right + 38}" y="${top + 14 + k * 18}">${s.label}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
