import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, isAquamvsError, type AquamvsError } from '@aquamvs/core';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerModelsCommand } from '../commands/models-command.js';
import { runRegisteredCommand } from '../test-support/run-registered-command.js';
import { resolveModelNames } from './resolve-model-names.js';

const { onnx } = onnxProto;

/** A small real ONNX model: y = Identity(x), x float32 [1,3]. */
function identityModel(): Uint8Array {
  const tensor = (name: string): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimValue: 3 }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'g', node: [{ opType: 'Identity', input: ['x'], output: ['y'] }], input: [tensor('x')], output: [tensor('y')] },
  });
  return onnx.ModelProto.encode(model).finish();
}

const MODEL = identityModel();
const SHA = createHash('sha256').update(MODEL).digest('hex');

/**
 * Serves /model.onnx (honouring `Range`), /junk.onnx (not ONNX), /dropped.onnx (the headers of the model, then the
 * connection closes before any byte of the body) and 404 elsewhere.
 */
function startServer(): Promise<{ server: Server; base: string; ranges: string[] }> {
  const ranges: string[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/model.onnx' && req.headers.range !== undefined) {
      ranges.push(req.headers.range);
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range)?.[1]);
      res.writeHead(206, { 'content-length': MODEL.length - from, 'content-range': `bytes ${from}-${MODEL.length - 1}/${MODEL.length}` });
      res.end(MODEL.subarray(from));
    } else if (req.url === '/model.onnx') res.end(MODEL);
    else if (req.url === '/junk.onnx') res.end('<html>not a model</html>');
    else if (req.url === '/dropped.onnx') {
      res.writeHead(200, { 'content-length': MODEL.length });
      res.flushHeaders();
      res.socket?.end();
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ranges })),
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const models = (...argv: string[]): ReturnType<typeof runRegisteredCommand> => runRegisteredCommand(registerModelsCommand, ['models', ...argv]);

async function failure(...argv: string[]): Promise<AquamvsError> {
  try {
    await models(...argv);
  } catch (error) {
    if (isAquamvsError(error)) {
      expect(error.message).not.toContain('\n');
      return error;
    }
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('aquamvs models, against a model server on 127.0.0.1', () => {
  let http: Awaited<ReturnType<typeof startServer>>;
  let dir = '';
  beforeAll(async () => {
    http = await startServer();
  });
  afterAll(() => new Promise<void>((done) => http.server.close(() => done())));
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'aqm-models-')), 'models');
    process.env.AQUAMVS_MODELS_DIR = dir;
  });

  it('downloads, verifies and installs a model; lists it with its contract; configs name it; removes it', async () => {
    const added = await models('add', 'tiny', `${http.base}/model.onnx`, '--sha256', SHA.toUpperCase());
    expect(added.stdout).toContain(`installed tiny (0.0 MiB, sha256 ${SHA}) → ${join(dir, 'tiny', 'model.onnx')}`);
    expect(await filesUnder(dir)).toEqual(['tiny/model.json', 'tiny/model.onnx']);
    expect((await stat(join(dir, 'tiny', 'model.onnx'))).size).toBe(MODEL.length);

    const listed = await models('list');
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      `tiny  0.0 MiB  sha256 ${SHA}`,
      '  inputs: x float32 [1,3]',
      '  outputs: y float32 [1,3]',
    ]);

    const config = defaultConfig();
    const named = resolveModelNames({ ...config, dense_matching: { ...config.dense_matching, onnx: { model: 'tiny' } } }, dir);
    expect(named.dense_matching.onnx.model).toBe(join(dir, 'tiny', 'model.onnx'));
    const byPath = resolveModelNames({ ...config, dense_matching: { ...config.dense_matching, onnx: { model: 'models/roma.onnx' } } }, dir);
    expect(byPath.dense_matching.onnx.model).toBe('models/roma.onnx');
    const unknown = { ...config, sparse_matching: { ...config.sparse_matching, onnx: { ...config.sparse_matching.onnx, extractor: 'superpoint' } } };
    expect(() => resolveModelNames(unknown, dir)).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_MODEL_NOT_INSTALLED',
        message: expect.stringMatching(/^sparse_matching\.onnx\.extractor: no model 'superpoint' is installed in /) as unknown,
      }),
    );

    expect((await models('remove', 'tiny')).stdout).toBe('removed tiny\n');
    expect(await filesUnder(dir)).toEqual([]);
    expect((await failure('remove', 'tiny')).code).toBe('AQM_ERR_MODEL_NOT_INSTALLED');
  });

  it('installs nothing when the checksum differs', async () => {
    const error = await failure('add', 'tiny', `${http.base}/model.onnx`, '--sha256', '0'.repeat(64));
    expect(error).toMatchObject({
      code: 'AQM_ERR_MODEL_CHECKSUM',
      message: `${http.base}/model.onnx: sha256 is ${SHA}, expected ${'0'.repeat(64)}; nothing installed`,
    });
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('installs nothing for a 404', async () => {
    const error = await failure('add', 'tiny', `${http.base}/missing.onnx`);
    expect(error).toMatchObject({ code: 'AQM_ERR_MODEL_DOWNLOAD', message: `cannot download ${http.base}/missing.onnx: HTTP 404 Not Found` });
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('installs nothing for a file that is not an ONNX model, downloaded or local', async () => {
    expect(await failure('add', 'junk', `${http.base}/junk.onnx`)).toMatchObject({
      code: 'AQM_ERR_MODEL_NOT_ONNX',
      message: expect.stringMatching(/junk\.onnx is not an ONNX model onnxruntime can load \(.+\); nothing installed$/) as unknown,
    });
    const local = join(dir, '..', 'notes.onnx');
    await writeFile(local, 'just text');
    expect((await failure('add', 'junk', local)).code).toBe('AQM_ERR_MODEL_NOT_ONNX');
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('keeps an interrupted download out of the models, and says how to go on', async () => {
    const error = await failure('add', 'dropped', `${http.base}/dropped.onnx`);
    expect(error).toMatchObject({
      code: 'AQM_ERR_MODEL_DOWNLOAD',
      message: `cannot download ${http.base}/dropped.onnx: interrupted after 0 of ${MODEL.length} bytes; run the same command again to resume`,
    });
    expect(await filesUnder(dir)).toEqual(['.partial/dropped.part']);
    expect((await models('list')).stdout).toBe(`no models installed in ${dir}\n`);
  });

  it('resumes a download from the bytes an interrupted one left', async () => {
    await mkdir(join(dir, '.partial'), { recursive: true });
    await writeFile(join(dir, '.partial', 'tiny.part'), MODEL.subarray(0, 40));
    await models('add', 'tiny', `${http.base}/model.onnx`, '--sha256', SHA);
    expect(http.ranges).toEqual(['bytes=40-']);
    expect(await filesUnder(dir)).toEqual(['tiny/model.json', 'tiny/model.onnx']);
  });
});
