import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { vizServe } from './errors.js';
import { buildReportHtml, type WriteReportOptions } from './write-report.js';

/** Options of {@link serveReport}. */
export interface ServeReportOptions extends Omit<WriteReportOptions, 'file' | 'inlineImages'> {
  /** @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 8080 */
  port?: number;
}

/** A running report server. */
export interface ReportServer {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

/**
 * Serves the report of a run on localhost: `/` is the page (images linked, not inlined, and a denser level of
 * detail: 1 M points and 1 M triangles by default), other paths are files of the run directory (PNG, SVG, JSON only;
 * nothing outside the directory).
 * @example
 * const server = await serveReport('output', { port: 0 });
 * console.error(`open ${server.url}`);
 */
export async function serveReport(outputDir: string, options: ServeReportOptions = {}): Promise<ReportServer> {
  const dir = resolve(outputDir);
  const html = await buildReportHtml(dir, { maxPoints: 1_000_000, maxFaces: 1_000_000, ...options, inlineImages: false });
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/' || path === '/report.html') {
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(html);
      return;
    }
    const file = normalize(join(dir, path));
    const type = TYPES[extname(file)];
    if (!file.startsWith(dir + sep) || type === undefined || type.startsWith('text/html')) {
      res.writeHead(404).end('not found');
      return;
    }
    stat(file)
      .then(
        (s) => {
          if (!s.isFile()) throw new Error('not a file');
          res.writeHead(200, { 'content-type': type, 'content-length': s.size });
          createReadStream(file).pipe(res);
        },
        () => res.writeHead(404).end('not found'),
      )
      .catch(() => res.writeHead(404).end('not found'));
  });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  await new Promise<void>((ok, fail) => {
    server.once('error', (error) => fail(vizServe(host, port, error)));
    server.listen(port, host, () => ok());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
