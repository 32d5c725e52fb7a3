import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatRunStatuses, registerStatusCommand } from './status-command.js';

async function status(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (out += d.toString()));
  let code = 0;
  const program = new Command('aquamvs').exitOverride();
  registerStatusCommand(program, { streams: { stdout, stderr }, setExitCode: (c) => (code = c) });
  await program.parseAsync(['node', 'aquamvs', 'status', ...args]);
  return { code, out };
}

describe('aquamvs status', () => {
  it('prints one row per run with its counts, running frames as ranges and each failure with its error', () => {
    const text = formatRunStatuses([
      {
        runKey: '0123456789abcdef',
        outputDir: '/data/out',
        submittedAt: '2026-11-25T07:00:00.000Z',
        total: 10,
        done: [0, 1, 2, 3, 4],
        running: [5, 6, 8],
        waiting: [9],
        failed: [{ frame: 7, attempts: 3, error: 'plane-sweep: no valid depth' }],
        missing: [],
        duplicates: [{ frame: 3, discarded: 1 }],
        degraded: [{ frame: 2, cameras: { cam3: 'cannot read image cam3/2.png: empty file' } }],
      },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run\s+submitted\s+frames\s+done\s+running\s+waiting\s+failed\s+output$/);
    expect(lines[1]).toMatch(/^0123456789abcdef\s+2026-11-25 07:00:00\s+10\s+5\s+3\s+1\s+1\s+\/data\/out$/);
    expect(lines[2]).toBe('  0123456789abcdef running: 5-6,8');
    expect(lines[3]).toBe('  0123456789abcdef frame 7 failed after 3 attempt(s): plane-sweep: no valid depth');
    expect(lines[4]).toBe('  0123456789abcdef frame 2 done without camera(s) cam3 (cannot read image cam3/2.png: empty file)');
    expect(lines[5]).toBe("  0123456789abcdef frame 3 computed again after its worker lost the job's lock: 1 duplicate(s) discarded, published once");
    expect(formatRunStatuses([])).toBe('no runs in this queue\n');
  });

  it('merges worker profiles into <dir>/profile.json without a queue', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aqm-status-'));
    try {
      const row = (calls: number, wall: number) => ({
        name: 'fusion',
        path: 'fusion',
        kind: 'stage',
        depth: 0,
        calls,
        errors: 0,
        wallMs: { total: wall, mean: wall / calls, max: wall, min: 1 },
        selfMs: wall,
        cpuMs: { total: wall, user: wall, system: 0, mean: wall / calls },
        cpuWallRatio: 1,
        peak: { rss: 1, heapUsed: 1, external: 0, arrayBuffers: 0 },
        delta: { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 },
        threads: [0],
      });
      for (const [name, frames, calls, wall] of [
        ['w1', [0, 2], 2, 300],
        ['w2', [1], 1, 100],
      ] as const) {
        await mkdir(join(dir, name));
        const report = {
          version: 1,
          cycle: 0,
          frames,
          totalWallMs: wall,
          totalCpuMs: wall,
          cpuWallRatio: 1,
          peakRssBytes: 1,
          stages: [row(calls, wall)],
          bottlenecks: [],
        };
        await writeFile(join(dir, name, 'profile.json'), JSON.stringify(report));
      }
      const { code, out } = await status(['--merge-profiles', dir]);
      expect(code).toBe(0);
      expect(out).toContain('merged 2 worker profile(s)');
      const merged = JSON.parse(await readFile(join(dir, 'profile.json'), 'utf8')) as {
        frames: number[];
        stages: { calls: number; wallMs: { total: number } }[];
      };
      expect(merged.frames).toEqual([0, 1, 2]);
      expect(merged.stages[0].calls).toBe(3);
      expect(merged.stages[0].wallMs.total).toBe(400);
      const none = await status(['--merge-profiles', join(dir, 'none')]);
      expect(none.code).toBe(1);
      expect(none.out).toBe(
        `error AQM_ERR_QUEUE_OPTION_INVALID: --merge-profiles ${join(dir, 'none')}: expected worker profile directories with profile.json, found none\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
