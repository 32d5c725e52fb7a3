import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { modelDownload } from '../errors.js';

/** Bytes received so far and the total (undefined when the server does not say). */
export type DownloadProgress = (received: number, total: number | undefined) => void;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Downloads `url` into `part`, resuming from what `part` already holds (HTTP `Range`). An interrupted download keeps
 * `part` and throws `AQM_ERR_MODEL_DOWNLOAD` saying so; any other failure (404, …) removes it.
 */
export async function downloadToPart(url: string, part: string, onProgress: DownloadProgress): Promise<void> {
  await mkdir(dirname(part), { recursive: true });
  let have = await sizeOf(part);
  let response: Response;
  try {
    response = await fetch(url, have > 0 ? { headers: { Range: `bytes=${have}-` } } : {});
  } catch (error) {
    throw modelDownload(url, `cannot connect (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`);
  }
  if (response.status === 416 && have > 0) {
    // The part is longer than the file now served: start over.
    await rm(part, { force: true });
    return downloadToPart(url, part, onProgress);
  }
  if (!response.ok || response.body === null) {
    await rm(part, { force: true });
    throw modelDownload(url, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (response.status !== 206) have = 0; // the server ignored the range: the body is the whole file
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(length) ? have + length : undefined;
  const file = await open(part, have > 0 ? 'a' : 'w');
  let received = have;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await file.write(chunk);
      received += chunk.byteLength;
      onProgress(received, total);
    }
  } catch {
    // the connection dropped: keep what arrived for the next attempt
  } finally {
    await file.close();
  }
  if (total !== undefined && received < total) {
    throw modelDownload(url, `interrupted after ${received} of ${total} bytes; run the same command again to resume`);
  }
}

/** SHA-256 of a file, hex. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
