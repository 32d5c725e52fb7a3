import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeImageBuffer } from '@aquamvs/io';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveReport } from './serve-report.js';
import { runCiPipeline } from './test-support/ci-run.js';
import { writeReport } from './write-report.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  process.stderr.write(`[@aquamvs/viz] browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
}
/** Where the screenshots go: $AQUAMVS_SCREENSHOT_DIR, or the package's .screenshots/ (git-ignored). */
const SHOTS = resolve(process.env.AQUAMVS_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', '.screenshots'));

let dir: string;
let outputDir: string;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aquamvs-report-'));
  ({ outputDir } = await runCiPipeline(dir, 2));
  if (hasChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Pixels of a PNG screenshot that differ from white by more than 24 in some channel. */
async function inkedPixels(png: Uint8Array): Promise<{ inked: number; total: number; colours: number }> {
  const image = await decodeImageBuffer(png);
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 3) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (255 - r > 24 || 255 - g > 24 || 255 - b > 24) {
      inked++;
      colours.add((r >> 4) * 256 + (g >> 4) * 16 + (b >> 4));
    }
  }
  return { inked, total: image.width * image.height, colours: colours.size };
}

describe('ci run output', () => {
  it('has the viz images, gallery and profile the report shows', async () => {
    const viz = await readdir(join(outputDir, 'frame_000001', 'viz'));
    for (const name of ['depth_ring00.png', 'confidence_ring00.png', 'fused_top.png', 'mesh_oblique.png', 'rig.png', 'matches_ring00_ring01.png']) {
      expect(viz).toContain(name);
    }
    expect((await stat(join(outputDir, 'summary', 'timeseries_gallery.png'))).size).toBeGreaterThan(1000);
    expect((await stat(join(outputDir, 'profile', 'trace.json'))).size).toBeGreaterThan(1000);
  });
});

describe.skipIf(!hasChromium)('report.html in headless chromium', () => {
  it('draws the cloud and mesh in the viewer, renders the timeline, and uses no network', async () => {
    const file = await writeReport(outputDir);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => ((globalThis as unknown as { aquamvsViewer?: { draws: number } }).aquamvsViewer?.draws ?? 0) > 0);
    const state = await page.evaluate(() => (globalThis as unknown as { aquamvsViewer: { renderer: string; draws: number } }).aquamvsViewer);
    expect(['webgl2', 'webgl', '2d']).toContain(state.renderer);
    await mkdir(SHOTS, { recursive: true });
    const cloud = await page.locator('#viewer').screenshot({ path: join(SHOTS, 'viewer-cloud.png') });
    const c = await inkedPixels(cloud);
    // The framed surface covers a good part of the 960×600 canvas and is textured, not one flat colour.
    expect(c.inked / c.total).toBeGreaterThan(0.1);
    expect(c.colours).toBeGreaterThan(20);
    await page.selectOption('#viewer-object', 'mesh');
    await page.selectOption('#viewer-mode', 'height');
    await page.evaluate(() => (globalThis as unknown as { aquamvsViewer: { redraw(): void } }).aquamvsViewer.redraw());
    const mesh = await inkedPixels(await page.locator('#viewer').screenshot({ path: join(SHOTS, 'viewer-mesh-height.png') }));
    expect(mesh.inked / mesh.total).toBeGreaterThan(0.1);
    const bars = await page.locator('#timeline svg rect').count();
    expect(bars).toBeGreaterThanOrEqual(10);
    const box = await page.locator('#timeline svg').boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(500);
    await page.locator('#timeline').screenshot({ path: join(SHOTS, 'timeline.png') });
    expect(await page.locator('#profile-table tr').count()).toBeGreaterThan(5);
    expect(await page.locator('#frame-table tr').count()).toBe(3);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'report.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('serves the same report on localhost with linked images', async () => {
    const server = await serveReport(outputDir, { port: 0, maxPoints: 50_000 });
    try {
      const page = await (browser as Browser).newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => ((globalThis as unknown as { aquamvsViewer?: { draws: number } }).aquamvsViewer?.draws ?? 0) > 0);
      const src = await page.locator('#summary-images img').first().getAttribute('src');
      expect(src).toBe('summary/timeseries_gallery.png');
      const loaded = await page
        .locator('#summary-images img')
        .first()
        .evaluate((img: { decode(): Promise<void>; naturalWidth: number }) => img.decode().then(() => img.naturalWidth));
      expect(loaded).toBeGreaterThan(200);
      const outside = await page.goto(`${server.url}..%2F..%2Fetc%2Fpasswd`);
      expect(outside?.status()).toBe(404);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
