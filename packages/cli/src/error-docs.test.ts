import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every `AQM_ERR_*` code declared in a package's `src/errors.ts`. */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const pkg of readdirSync(join(repo, 'packages'))) {
    const file = join(repo, 'packages', pkg, 'src', 'errors.ts');
    if (!existsSync(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/'(AQM_ERR_[A-Z0-9_]+)'/g)) codes.set(match[1], pkg);
  }
  return codes;
}

function documentedCodes(): Set<string> {
  const docs = readFileSync(join(repo, 'docs', 'errors.md'), 'utf8');
  return new Set([...docs.matchAll(/^### `(AQM_ERR_[A-Z0-9_]+)`/gm)].map((m) => m[1]));
}

describe('docs/errors.md', () => {
  it('documents every error code a package declares', () => {
    const documented = documentedCodes();
    const missing = [...declaredCodes()].filter(([code]) => !documented.has(code)).map(([code, pkg]) => `${code} (${pkg})`);
    expect(missing).toEqual([]);
  });

  it('lists no code that no package declares', () => {
    const declared = declaredCodes();
    expect([...documentedCodes()].filter((code) => !declared.has(code))).toEqual([]);
  });

  // A documented code no test expects may never be raised at all. Codes below predate this check (issue 20) and have
  // no test yet; the list may only shrink: a code that gains a test must leave it, and a new code needs a test.
  const NOT_YET_EXPECTED_BY_A_TEST = [
    'AQM_ERR_ARTIFACT_MISSING', 'AQM_ERR_BENCHMARK_UNKNOWN_CAMERA', 'AQM_ERR_BENCHMARK_UNKNOWN_RIG',
    'AQM_ERR_BENCHMARK_UNKNOWN_SCENE', 'AQM_ERR_DEPTH_CAMERA_MISSING', 'AQM_ERR_DEPTH_OPTION_INVALID', 'AQM_ERR_DEPTH_WARP_GRID',
    'AQM_ERR_FUSION_VOXEL_GRID', 'AQM_ERR_IO_IMAGE_WRITE', 'AQM_ERR_IO_NPY_FORMAT', 'AQM_ERR_IO_PLY_FORMAT',
    'AQM_ERR_MATCHING_CAMERA_MISSING', 'AQM_ERR_MATCHING_IMAGE', 'AQM_ERR_MATCHING_MODEL_MISSING', 'AQM_ERR_PROFILER_OPTION_INVALID',
    'AQM_ERR_PROFILER_TRACE_WRITE', 'AQM_ERR_QUEUE_FRAME_MISSING', 'AQM_ERR_QUEUE_OPTION_INVALID', 'AQM_ERR_QUEUE_REDIS_START',
    'AQM_ERR_QUEUE_RUN_UNKNOWN', 'AQM_ERR_STAGE_NEVER_SETTLED', 'AQM_ERR_VIZ_INPUT', 'AQM_ERR_VIZ_SERVE',
  ];

  it('has every documented code expected by at least one test (besides the docs checks)', () => {
    const tests: string[] = [];
    for (const pkg of readdirSync(join(repo, 'packages'))) {
      const src = join(repo, 'packages', pkg, 'src');
      if (!existsSync(src)) continue;
      for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && entry.name.endsWith('.test.ts') && !/^(errors|error-docs)\.test\.ts$/.test(entry.name)) {
          tests.push(readFileSync(join(entry.parentPath, entry.name), 'utf8'));
        }
      }
    }
    const expected = (code: string): boolean => tests.some((text) => text.includes(code));
    const documented = [...documentedCodes()];
    expect(documented.filter((code) => !expected(code) && !NOT_YET_EXPECTED_BY_A_TEST.includes(code))).toEqual([]);
    expect(NOT_YET_EXPECTED_BY_A_TEST.filter((code) => expected(code) || !documented.includes(code))).toEqual([]);
  });
});
