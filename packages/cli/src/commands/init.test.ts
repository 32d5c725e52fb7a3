import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAquamvsError, parseConfig, resolveConfigPaths } from '@aquamvs/core';
import { describe, expect, it } from 'vitest';
import { runInit, type InitOptions } from './init.js';

const PATTERN = '^([a-z0-9]+)-';

interface Fixture {
  root: string;
  inputDir: string;
  calibration: string;
  config: string;
}

function fixture(files: string[], cameras: string[] | null, dirs: string[] = []): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'aquamvs-init-'));
  const inputDir = join(root, 'videos');
  mkdirSync(inputDir);
  for (const f of files) writeFileSync(join(inputDir, f), 'x');
  for (const d of dirs) mkdirSync(join(inputDir, d));
  const calibration = join(root, 'calibration.json');
  if (cameras) writeFileSync(calibration, JSON.stringify({ version: '1.0', cameras: Object.fromEntries(cameras.map((c) => [c, {}])) }));
  return { root, inputDir, calibration, config: join(root, 'out', 'config.yaml') };
}

function options(f: Fixture, extra: Partial<InitOptions> = {}): InitOptions {
  return { inputDir: f.inputDir, pattern: PATTERN, calibration: f.calibration, outputDir: './output', config: f.config, ...extra };
}

async function run(opts: InitOptions): Promise<{ lines: string[]; result: Awaited<ReturnType<typeof runInit>> }> {
  const lines: string[] = [];
  const result = await runInit(opts, { log: (l) => lines.push(l) });
  return { lines, result };
}

async function failure(opts: InitOptions): Promise<string> {
  try {
    await runInit(opts, { log: () => undefined });
  } catch (error) {
    if (isAquamvsError(error) && error.code === 'AQM_ERR_INPUT_INVALID') {
      expect(error.message).not.toContain('\n');
      return error.message;
    }
    throw error;
  }
  throw new Error('expected runInit to throw');
}

const CAMS = ['e3v82e0', 'e3v82e1', 'e3v82e2'];

describe('runInit', () => {
  it('writes a config for 3 matching videos, schema comment first, quality_preset null', async () => {
    const f = fixture(
      CAMS.map((c) => `${c}-session1.mp4`),
      CAMS,
    );
    const { lines, result } = await run(options(f));
    expect(result.matched).toEqual(CAMS);
    expect(lines).toContain('[OK] Matched 3 camera(s): e3v82e0, e3v82e1, e3v82e2');
    expect(lines.filter((l) => l === '='.repeat(70))).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('[WARN]'))).toBe(false);
    const text = readFileSync(f.config, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://unpkg.com/@aquamvs/core/config.schema.json');
    const parsed = parseConfig(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // Relative to the config (in root/out): the project folder moves as a whole.
    expect(parsed.config.camera_input_map).toEqual(Object.fromEntries(CAMS.map((c) => [c, `../videos/${c}-session1.mp4`])));
    expect(parsed.config.calibration_path).toBe('../calibration.json');
    expect(parsed.config.output_dir).toBe('./output');
    expect(parsed.config.quality_preset).toBeNull();
    expect(parsed.config.reconstruction.num_depths).toBe(128);
  });

  it('applies a preset once and writes concrete values with quality_preset null', async () => {
    const f = fixture(
      CAMS.map((c) => `${c}-session1.mp4`),
      CAMS,
    );
    await run(options(f, { preset: 'fast' }));
    const parsed = parseConfig(readFileSync(f.config, 'utf8'));
    expect(parsed.ok && parsed.config.reconstruction.num_depths).toBe(64);
    expect(parsed.ok && parsed.config.sparse_matching.max_keypoints).toBe(1024);
    expect(parsed.ok && parsed.config.quality_preset).toBeNull();
    expect(parsed.warnings).toEqual([]);
  });

  it('reports a partial match with every kind of warning', async () => {
    const f = fixture(['e3v82e0-a.mp4', 'e3v82e1-a.mp4', 'zzz9-a.mp4', 'README-x.mp4'], ['e3v82e0', 'e3v82e1', 'e3v82e5']);
    const { lines, result } = await run(options(f));
    expect(result.matched).toEqual(['e3v82e0', 'e3v82e1']);
    expect(lines).toContain('[OK] Matched 2 camera(s): e3v82e0, e3v82e1');
    expect(lines).toContain('[WARN] 1 input(s) with no regex match: README-x.mp4');
    expect(lines).toContain('[WARN] 1 input camera(s) with no calibration entry: zzz9');
    expect(lines).toContain('[WARN] 1 calibration camera(s) with no input: e3v82e5');
    expect(Object.keys(result.config.camera_input_map)).toEqual(['e3v82e0', 'e3v82e1']);
  });

  it('throws when no camera matches and writes nothing', async () => {
    const f = fixture(['other-a.mp4'], CAMS);
    expect(await failure(options(f))).toMatch(/^no camera matched: 1 input\(s\) in .* matched --pattern/);
    expect(() => readFileSync(f.config)).toThrow();
  });

  it('rejects a pattern without a capture group or with bad syntax', async () => {
    const f = fixture(['e3v82e0-a.mp4'], CAMS);
    expect(await failure(options(f, { pattern: '[a-z0-9]+-' }))).toContain('has no capture group');
    expect(await failure(options(f, { pattern: '([a-z' }))).toContain('is not a valid regular expression');
  });

  it('anchors the pattern at the start like re.match and accepts (?P<name>...)', async () => {
    const f = fixture(['x-e3v82e0.mp4', 'e3v82e1.mp4'], CAMS);
    const { result } = await run(options(f, { pattern: '(e3v[0-9a-z]+)' }));
    expect(result.matched).toEqual(['e3v82e1']);
    const g = fixture(['e3v82e0-a.mp4'], CAMS);
    expect((await run(options(g, { pattern: '(?P<cam>[a-z0-9]+)-' }))).result.matched).toEqual(['e3v82e0']);
  });

  it('writes paths relative to the config, so the project folder still runs after it moves', async () => {
    const f = fixture(
      CAMS.map((c) => `${c}-session1.mp4`),
      CAMS,
    );
    await run(options(f));
    const moved = `${f.root}-moved`;
    renameSync(f.root, moved);
    const parsed = parseConfig(readFileSync(join(moved, 'out', 'config.yaml'), 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { config, notes } = resolveConfigPaths(parsed.config, join(moved, 'out'));
    expect(notes).toEqual([]);
    expect(config.calibration_path).toBe(join(moved, 'calibration.json'));
    expect(existsSync(config.calibration_path)).toBe(true);
    expect(Object.values(config.camera_input_map).filter((path) => path.startsWith(moved) && existsSync(path))).toHaveLength(3);
  });

  it('ignores non-video files, accepts extensions in any case, and takes subdirectories as image inputs', async () => {
    const f = fixture(['e3v82e0-a.MP4', 'e3v82e1-a.Mov', 'e3v82e2-a.txt', 'e3v82e2-b.json'], CAMS, ['e3v82e2-frames']);
    const { lines, result } = await run(options(f));
    expect(result.matched).toEqual(CAMS);
    expect(result.config.camera_input_map.e3v82e2).toBe('../videos/e3v82e2-frames');
    expect(result.config.camera_input_map.e3v82e0).toBe('../videos/e3v82e0-a.MP4');
    expect(lines.some((l) => l.includes('e3v82e2-a.txt') || l.includes('e3v82e2-b.json'))).toBe(false);
    expect(lines.some((l) => l.endsWith('(3 video file(s) or directories)'))).toBe(true);
  });

  it('fails on a missing input dir, missing calibration, bad JSON and missing cameras', async () => {
    const f = fixture(['e3v82e0-a.mp4'], null);
    expect(await failure(options(f, { inputDir: join(f.root, 'nope') }))).toBe(`input directory not found: ${join(f.root, 'nope')}`);
    expect(await failure(options(f))).toBe(`calibration file not found: ${f.calibration}`);
    writeFileSync(f.calibration, '{"cameras": ');
    expect(await failure(options(f))).toMatch(/^calibration file .* is not valid JSON: /);
    writeFileSync(f.calibration, '{"version": "1.0"}');
    expect(await failure(options(f))).toBe(`calibration file ${f.calibration} has no 'cameras' object`);
  });

  it('rejects camera names that are not safe file names', async () => {
    const f = fixture(['..cam-a.mp4'], ['..cam']);
    await expect(runInit(options(f, { pattern: '([.a-z]+)-' }), { log: () => undefined })).rejects.toMatchObject({ code: 'AQM_ERR_UNSAFE_NAME' });
  });
});
