/** One line of a {@link lineChartSvg}: its points in data units, in x order. */
export interface LineSeries {
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** Labels and size of a {@link lineChartSvg}. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Dashed horizontal lines, e.g. a threshold. */
  readonly guides?: readonly { readonly y: number; readonly label: string }[];
  /** Integer x ticks only (frame numbers). @default true */
  readonly integerX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Most points of a series drawn with a marker each. */
const MAX_MARKERS = 60;

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `count` ticks over `span`. */
function tickStep(span: number, count: number): number {
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
}

const escapeXml = (text: string): string => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Lines over a shared x axis as a standalone SVG (no script, no external resource), the y axis from zero or below,
 * with a legend on the right: the report's time series (volume change per frame, each camera's calibration fit).
 * @example
 * const svg = lineChartSvg([{ label: 'net', colour: '#333', points: [{ x: 0, y: 0 }, { x: 5, y: 0.2 }] }], {
 *   title: 'volume change vs frame 0', xLabel: 'frame', yLabel: 'volume (litres)',
 * });
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const left = 70,
    right = 110,
    top = 36,
    bottom = 44;
  // Extents by loop: a long series would overflow the argument list of Math.min(...values).
  let x0 = Infinity,
    x1 = -Infinity,
    lo = 0,
    hi = 0;
  for (const s of series) {
    for (const p of s.points) {
      x0 = Math.min(x0, p.x);
      x1 = Math.max(x1, p.x);
      if (Number.isFinite(p.y)) [lo, hi] = [Math.min(lo, p.y), Math.max(hi, p.y)];
    }
  }
  for (const g of options.guides ?? []) if (Number.isFinite(g.y)) [lo, hi] = [Math.min(lo, g.y), Math.max(hi, g.y)];
  if (x0 > x1) [x0, x1] = [0, 1];
  if (hi - lo < 1e-9) hi = lo + 1;
  const step = tickStep(hi - lo, 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (v: number): number => left + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (width - left - right);
  const y = (v: number): number => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14">${escapeXml(options.title)}</text>`,
  ];
  for (let v = lo; v <= hi + step / 2; v += step) {
    out.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="${Math.abs(v) < step / 2 ? '#888' : '#e5e5e5'}"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(6))}</text>`);
  }
  const xStep = options.integerX === false ? tickStep(Math.max(1e-9, x1 - x0), 8) : Math.max(1, Math.round(tickStep(Math.max(1, x1 - x0), 8)));
  for (let v = x0; v <= x1 + xStep / 2; v += xStep)
    out.push(`<text x="${x(v)}" y="${height - bottom + 16}" text-anchor="middle">${Number(v.toPrecision(6))}</text>`);
  out.push(`<text x="${(left + width - right) / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  for (const guide of options.guides ?? []) {
    out.push(`<line x1="${left}" x2="${width - right}" y1="${y(guide.y)}" y2="${y(guide.y)}" stroke="#b2182b" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${width - right - 4}" y="${y(guide.y) - 4}" text-anchor="end" fill="#b2182b">${escapeXml(guide.label)}</text>`);
  }
  series.forEach((s, k) => {
    const pts = s.points.filter((p) => Number.isFinite(p.y)).map((p) => [x(p.x).toFixed(1), y(p.y).toFixed(1)] as const);
    out.push(`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${pts.map((p) => p.join(',')).join(' ')}"/>`);
    // Markers only while they stay apart (a recording's thousands of frames are a line).
    if (pts.length <= MAX_MARKERS) for (const [cx, cy] of pts) out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.colour}"/>`);
    out.push(
      `<line x1="${width - right + 12}" x2="${width - right + 32}" y1="${top + 10 + k * 18}" y2="${top + 10 + k * 18}" stroke="${s.colour}" stroke-width="2"/>`,
    );
    out.push(`<text x="${width - right + 38}" y="${top + 14 + k * 18}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
