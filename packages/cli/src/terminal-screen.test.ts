import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/bin.js');
const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[(DEBUG|INFO|WARN|ERROR)\] /;
const LEVEL_TAG = /\[(DEBUG|INFO|WARN|ERROR)\]/;
const BAR_LINE = /^frames [█░]+ \d+\/\d+ \| /;

/** Log messages without their timestamps, and with run durations blanked (they differ between two runs). */
const messages = (lines: readonly string[]): string[] =>
  lines.filter((l) => LOG_LINE.test(l)).map((l) => l.replace(/^\S+ \S+ /, '').replace(/in [\d.]+ s/, 'in _ s'));

// A real terminal: tmux emulates the screen the way a user's terminal does, so a log line that the bar overwrote,
// or a bar drawn into the middle of a log line, shows in what it captures.
describe('the terminal during a multi-frame run (tmux)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aqm-screen-'));
    expect(
      spawnSync(process.execPath, [bin, 'synth', '--rig', 'ci', '--scene', 'flat', '--frames', '3', '--out', 'data', '-q'], { cwd: dir }).status,
    ).toBe(0);
    const config = join(dir, 'data', 'config.yaml');
    // The stages up to triangulation log per frame (-v adds debug lines from inside the stages) and keep the run short.
    const text = await readFile(config, 'utf8');
    await writeFile(config, text.replace(/^ {2}stages: null$/m, '  stages: [undistort, sparse-matching, triangulation]'));
  });

  it('prints every log line whole above the bar, leaves one bar line, and starts the report on a clean line', () => {
    // The same run through a pipe: no bar, and the log lines a user must see on the terminal too.
    const piped = spawnSync(process.execPath, [bin, 'run', 'data/config.yaml', '-v', '--force'], { cwd: dir, encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).not.toMatch(/frames [█░]/);
    const expected = messages(piped.stderr.split('\n'));
    expect(expected.filter((m) => m.includes('triangulated points'))).toHaveLength(3);

    const socket = `aqm-screen-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { cwd: dir, encoding: 'utf8' });
    const command = `cd ${dir} && env -u CI ${process.execPath} ${bin} run data/config.yaml -v --force; echo "EXIT=$?"; tmux -L ${socket} wait-for -S ran; tmux -L ${socket} wait-for captured`;
    tmux('new-session', '-d', '-s', 'run', '-x', '150', '-y', '40', command);
    let screen: string;
    try {
      tmux('set-option', '-t', 'run', 'history-limit', '10000');
      tmux('wait-for', 'ran');
      // -J joins lines the terminal wrapped (long log lines), so each printed line is one captured line.
      screen = tmux('capture-pane', '-p', '-J', '-t', 'run', '-S', '-', '-E', '-');
      tmux('wait-for', '-S', 'captured');
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    }
    const lines = screen.split('\n').map((l) => l.trimEnd());
    expect(lines).toContain('EXIT=0');
    // No log line overwritten or split: every line with a level tag is a whole log line, with no bar glyph in it.
    expect(lines.filter((l) => LEVEL_TAG.test(l) && !LOG_LINE.test(l))).toEqual([]);
    expect(lines.filter((l) => LOG_LINE.test(l) && /[█░]/.test(l))).toEqual([]);
    // Nothing lost: the same log lines as the piped run, in the same order.
    expect(messages(lines)).toEqual(expected);
    // The bar was drawn, and one copy of it is left: its final state, above the summary.
    const bars = lines.filter((l) => BAR_LINE.test(l));
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatch(/^frames █{24} 3\/3 \| frame 2: triangulation/);
    const summary = lines.findIndex((l) => /\[INFO\] aquamvs: 3 frame\(s\) done in [\d.]+ s/.test(l));
    expect(lines.indexOf(bars[0])).toBeLessThan(summary);
    // The final report (stdout) starts at the beginning of its own line.
    expect(lines.filter((l) => l.includes('accuracy against ground truth'))).toEqual(
      [0, 1, 2].map((f) => `accuracy against ground truth, frame_00000${f}:`),
    );
  });
});
