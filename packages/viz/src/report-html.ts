import { calibrationFitSvg, summarizeCalibrationFit, type CalibrationFitSeries } from './calibration-fit-series.js';
import { colormapLut } from './colormap.js';
import type { ViewerGeometry } from './decimate.js';
import type { ReportImage, ReportModel, ReportScene } from './report-model.js';
import { timelineSvg } from './timeline-svg.js';
import { VIEWER_SCRIPT } from './viewer-script.js';

/** How an image appears in the page: a `data:` URI (self-contained) or a path relative to the report. */
export type ImageSource = (image: ReportImage) => string;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function b64(array: ArrayBufferView): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function geometryJson(g: ViewerGeometry & { confidence?: Float32Array }): Record<string, string> {
  return {
    positions: b64(g.positions),
    ...(g.colors ? { colors: b64(g.colors) } : {}),
    ...(g.normals ? { normals: b64(g.normals) } : {}),
    ...(g.confidence ? { confidence: b64(g.confidence) } : {}),
    ...(g.faces ? { faces: b64(g.faces) } : {}),
  };
}

/** The JSON the viewer script reads (typed arrays as base64), safe inside a `<script>` element. */
function sceneJson(scene: ReportScene): string {
  const json = JSON.stringify({
    frame: scene.frame,
    ...(scene.cloud ? { cloud: geometryJson(scene.cloud) } : {}),
    ...(scene.mesh ? { mesh: geometryJson(scene.mesh) } : {}),
    viridis: Array.from(colormapLut('viridis')),
    plasma: Array.from(colormapLut('plasma')),
  });
  return json.replace(/</g, '\\u003c');
}

const CSS = `
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1d3557;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:12px 24px;max-width:1400px}section{margin:18px 0 28px}h2{border-bottom:1px solid #ccc;padding-bottom:4px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#eee}
td.l,th.l{text-align:left}.done{color:#2a7a2a}.failed{color:#b00020}
.gallery{display:flex;flex-wrap:wrap;gap:10px}.gallery figure{margin:0;background:#fff;border:1px solid #ddd;padding:4px}
.gallery img{max-width:420px;max-height:320px;display:block}figcaption{font-size:12px;color:#555}
pre{background:#fff;border:1px solid #ddd;padding:8px;max-height:360px;overflow:auto;font-size:12px}
#viewer{width:960px;height:600px;border:1px solid #bbb;background:#fff;touch-action:none;cursor:grab}
.controls{margin:6px 0;font-size:13px}.controls label{margin-right:14px}details{margin:6px 0}
`;

function imagesHtml(images: readonly ReportImage[], src: ImageSource): string {
  return `<div class="gallery">${images
    .map((i) => `<figure><img alt="${escapeHtml(i.name)}" src="${src(i)}"><figcaption>${escapeHtml(i.name)}</figcaption></figure>`)
    .join('')}</div>`;
}

function summaryHtml(model: ReportModel): string {
  const c = model.config ?? {};
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');
  const counts = new Map<string, number>();
  for (const f of model.frames) counts.set(f.status, (counts.get(f.status) ?? 0) + 1);
  const rows: [string, string][] = [
    ['output directory', model.outputDir],
    ['pathway', `${text(c.matcher_type)} · ${text(c.pipeline_mode)}`],
    ['calibration', text(c.calibration_path)],
    ['frames', [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ') || 'none'],
  ];
  if (model.profile)
    rows.push([
      'profiled stage time',
      `${(model.profile.totalWallMs / 1000).toFixed(2)} s, peak RSS ${(model.profile.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ]);
  return `<table>${rows.map(([k, v]) => `<tr><th class="l">${k}</th><td class="l">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function framesHtml(model: ReportModel): string {
  const body = model.frames
    .map(
      (f) =>
        `<tr><td>${f.index}</td><td class="l ${f.status}">${escapeHtml(f.status)}</td><td>${f.durationMs === undefined ? '' : (f.durationMs / 1000).toFixed(2)}</td><td class="l">${escapeHtml(f.files.join(', '))}</td><td class="l">${escapeHtml([f.error, ...f.notes].filter(Boolean).join('; '))}</td></tr>`,
    )
    .join('');
  return `<table id="frame-table"><tr><th>frame</th><th class="l">status</th><th>seconds</th><th class="l">outputs</th><th class="l">error / notes</th></tr>${body}</table>`;
}

function profileHtml(model: ReportModel): string {
  const parts: string[] = [];
  const svg = timelineSvg(model.timeline);
  if (svg) parts.push(`<h3>Timeline</h3><div id="timeline">${svg}</div>`);
  if (model.profile) {
    const rows = model.profile.rows
      .map(
        (r) =>
          `<tr><td class="l" style="padding-left:${8 + 14 * r.depth}px">${escapeHtml(r.path.split(' › ').at(-1) ?? r.path)}</td><td>${r.calls}</td><td>${r.wallMs.total.toFixed(1)}</td><td>${r.wallMs.mean.toFixed(1)}</td><td>${r.wallMs.max.toFixed(1)}</td><td>${r.cpuWallRatio === null ? '—' : r.cpuWallRatio.toFixed(2)}</td><td>${(r.peak.rss / 2 ** 20).toFixed(1)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<h3>Stages</h3><table id="profile-table"><tr><th class="l">stage / span</th><th>calls</th><th>total ms</th><th>mean ms</th><th>max ms</th><th>CPU/wall</th><th>peak RSS MiB</th></tr>${rows}</table>`,
    );
    if (model.profile.bottlenecks.length) {
      parts.push(`<p>Bottlenecks: ${model.profile.bottlenecks.map((b) => `${escapeHtml(b.name)} (${(100 * b.share).toFixed(1)} %)`).join(', ')}</p>`);
    }
  }
  return parts.join('\n');
}

/** Each camera over the run: its fit to calibration.json frame by frame (chart), and a row per camera. */
function calibrationFitHtml(series: CalibrationFitSeries): string {
  const px = (v: number | null): string => (v === null ? '–' : v.toFixed(3));
  const frames = (list: readonly number[]): string =>
    list.length === 0
      ? '–'
      : list.length <= MAX_LISTED_FRAMES
        ? list.join(', ')
        : `${list.slice(0, MAX_LISTED_FRAMES).join(', ')}, … (${list.length} in all)`;
  const rows = summarizeCalibrationFit(series)
    .map(
      (c) =>
        `<tr><td class="l">${escapeHtml(c.camera)}${series.motion.has(c.camera) ? ' (image motion)' : ''}</td><td>${c.frames}</td><td>${px(c.medianPx)}</td><td>${px(c.first)} → ${px(c.last)}</td>` +
        `<td>${c.worst === null ? '–' : `${px(c.worst.px)} (frame ${c.worst.frame})`}</td><td class="l">${frames(c.leftOutFrames)}</td></tr>`,
    )
    .join('');
  // Each camera's reason once (numbers aside), with the frames it was given for: a long recording repeats them.
  const byReason = new Map<string, { camera: string; reason: string; frames: number[] }>();
  for (const l of series.leftOut) {
    const key = `${l.camera}\0${l.reason.replace(/\d+(\.\d+)?/g, '#')}`;
    const group = byReason.get(key) ?? { camera: l.camera, reason: l.reason, frames: [] };
    group.frames.push(l.frame);
    byReason.set(key, group);
  }
  const reasons = [...byReason.values()]
    .map(
      (g) =>
        `<li>${escapeHtml(g.camera)}, frame${g.frames.length > 1 ? `s ${frames(g.frames)} (as in frame ${g.frames[0]})` : ` ${g.frames[0]}`}: ${escapeHtml(g.reason)}</li>`,
    )
    .join('');
  return (
    `<p>The median reprojection (px) of each camera's sparse pairs, frame by frame, from <code>sparse/calibration_fit.json</code>. ` +
    'A camera that drifts off <code>calibration.json</code> (a mount that sags, a housing that shifts) climbs here before <code>triangulation</code> leaves it out' +
    (series.thresholds === undefined
      ? ''
      : ` (its second-worst pair ${series.thresholds.ratio}× a typical pair of the rig and at least ${series.thresholds.floorPx} px off)`) +
    (series.motion.size === 0
      ? ''
      : `. For ${[...series.motion].map(escapeHtml).join(', ')}, the auxiliary camera whose pairs all move with it, the figure is how far its image moved against the ring cameras' rays`) +
    '. Frames that failed have no file; the frames each camera was left out of, for any reason, are from <code>run.json</code>.</p>' +
    calibrationFitSvg(series) +
    `<table id="calibration-fit-table"><tr><th class="l">camera</th><th>frames</th><th>median px</th><th>first → last px</th><th>worst px</th><th class="l">left out in frames</th></tr>${rows}</table>` +
    (reasons === '' ? '' : `<ul>${reasons}</ul>`)
  );
}

/** Frames listed in a cell before the rest are counted. */
const MAX_LISTED_FRAMES = 12;

function viewerHtml(scene: ReportScene): string {
  const parts = [];
  if (scene.cloud) parts.push(`cloud ${escapeHtml(scene.cloud.source)}: ${scene.cloud.positions.length / 3} of ${scene.cloud.totalPoints} points`);
  if (scene.mesh) parts.push(`mesh: ${(scene.mesh.faces?.length ?? 0) / 3} of ${scene.mesh.totalFaces} triangles`);
  const objects = [scene.cloud ? '<option value="cloud">point cloud</option>' : '', scene.mesh ? '<option value="mesh">mesh</option>' : ''].join('');
  const conf = scene.cloud?.confidence ? '<option value="confidence">confidence</option>' : '';
  return `<p>Frame ${scene.frame}: ${parts.join('; ')}. Drag to rotate, wheel to zoom, shift-drag or right-drag to pan, double-click to reset.</p>
<div class="controls"><label>show <select id="viewer-object">${objects}</select></label>
<label>colour <select id="viewer-mode"><option value="rgb">RGB</option><option value="height">height</option>${conf}</select></label>
<label>point size <select id="viewer-size"><option>1</option><option selected>2</option><option>3</option><option>5</option></select></label></div>
<canvas id="viewer" width="960" height="600"></canvas>
<script type="application/json" id="scene-data">${sceneJson(scene)}</script>
<script>${VIEWER_SCRIPT}</script>`;
}

/**
 * The report page: summary, config, per-frame status, images, profiler timeline and table, benchmark charts and the
 * 3-D viewer. No external resource is referenced; with `data:` image sources the file stands alone.
 */
export function renderReportHtml(model: ReportModel, src: ImageSource, title = 'aquamvs run report'): string {
  const sections: string[] = [];
  sections.push(`<section id="summary"><h2>Summary</h2>${summaryHtml(model)}</section>`);
  sections.push(`<section id="frames"><h2>Frames</h2>${framesHtml(model)}</section>`);
  if (model.scene) sections.push(`<section id="viewer-section"><h2>3-D viewer</h2>${viewerHtml(model.scene)}</section>`);
  if (model.summaryImages.length) sections.push(`<section id="summary-images"><h2>Time series</h2>${imagesHtml(model.summaryImages, src)}</section>`);
  if (model.compareImages.length) {
    sections.push(
      `<section id="compare"><h2>Change between frames</h2><p>From <code>aquamvs compare</code>: <code>compare/volume_change.csv</code> holds the numbers.</p>${imagesHtml(model.compareImages, src)}</section>`,
    );
  }
  if (model.calibrationFit)
    sections.push(
      `<section id="calibration-fit"><h2>Cameras: calibration fit and frames left out</h2>${calibrationFitHtml(model.calibrationFit)}</section>`,
    );
  const profile = profileHtml(model);
  if (profile) sections.push(`<section id="profile"><h2>Profile</h2>${profile}</section>`);
  if (model.benchmarkCharts.length || model.benchmarkReports.length) {
    const reports = model.benchmarkReports.length ? `<p>Reports: ${model.benchmarkReports.map(escapeHtml).join(', ')}</p>` : '';
    sections.push(`<section id="benchmark"><h2>Benchmark</h2>${reports}${imagesHtml(model.benchmarkCharts, src)}</section>`);
  }
  const withImages = model.frames.filter((f) => f.images.length > 0);
  if (withImages.length) {
    const blocks = withImages.map(
      (f, i) =>
        `<details${i === withImages.length - 1 ? ' open' : ''}><summary>frame ${f.index} (${f.images.length} images)</summary>${imagesHtml(f.images, src)}</details>`,
    );
    sections.push(`<section id="images"><h2>Images</h2>${blocks.join('\n')}</section>`);
  } else {
    sections.push(
      '<section id="images"><h2>Images</h2><p>No viz images: run with <code>runtime.viz_enabled: true</code> or <code>aquamvs report --viz</code>.</p></section>',
    );
  }
  if (model.configYaml)
    sections.push(
      `<section id="config"><h2>Config</h2><details><summary>config.yaml</summary><pre>${escapeHtml(model.configYaml)}</pre></details></section>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><div>${escapeHtml(model.outputDir)} · generated ${new Date().toISOString()}</div></header>
<main>
${sections.join('\n')}
</main></body></html>
`;
}
