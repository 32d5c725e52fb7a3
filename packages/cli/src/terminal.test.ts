import { describe, expect, it } from 'vitest';
import { createTerminal, shouldShowBar } from './terminal.js';

const tty = { isTTY: true, columns: 60, write: () => true } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number };

describe('shouldShowBar', () => {
  it('draws a bar only on a TTY, without CI, --quiet or JSON logs', () => {
    const text = { quiet: false, format: 'text' as const };
    expect(shouldShowBar(tty, text, {})).toBe(true);
    expect(shouldShowBar({ ...tty, isTTY: false }, text, {})).toBe(false);
    expect(shouldShowBar(tty, text, { CI: 'true' })).toBe(false);
    expect(shouldShowBar(tty, text, { CI: '1' })).toBe(false);
    expect(shouldShowBar(tty, text, { CI: 'false' })).toBe(true);
    expect(shouldShowBar(tty, { quiet: true, format: 'text' }, {})).toBe(false);
    expect(shouldShowBar(tty, { quiet: false, format: 'json' }, {})).toBe(false);
  });
});

describe('createTerminal', () => {
  function capture(columns: number): { stream: typeof tty; written: string[] } {
    const written: string[] = [];
    const stream = { isTTY: true, columns, write: (s: string) => written.push(s) > 0 } as unknown as typeof tty;
    return { stream, written };
  }

  it('clears the bar before a log line and redraws it after, cut to the terminal width', () => {
    const { stream, written } = capture(40);
    const terminal = createTerminal(stream, { format: 'text', showBar: true });
    terminal.progress({ kind: 'run', total: 3, done: 1, failed: 0, skipped: 0 });
    terminal.progress({ kind: 'stage', frame: 1, stage: 'plane-sweep', index: 3, count: 6 });
    written.length = 0;
    terminal.log('info', 'aquamvs', 'hello');
    expect(written).toHaveLength(2);
    // eslint-disable-next-line no-control-regex -- the clear-line sequence is what is checked
    expect(written[0]).toMatch(/^\r\x1b\[2K\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[INFO\] aquamvs: hello\n$/);
    expect(written[1]).toBe(`\r\x1b[2K${'frames ████████░░░░░░░░░░░░░░░░ 1/3 | frame 1: plane-sweep'.slice(0, 39)}`);
    terminal.stop();
    expect(written.at(-1)).toBe('\n');
    terminal.log('warn', 'aquamvs', 'after');
    expect(written.at(-1)).toMatch(/^\d{4}-.* \[WARN\] aquamvs: after\n$/);
  });

  it('writes plain lines and no bar when the bar is off', () => {
    const { stream, written } = capture(80);
    const terminal = createTerminal(stream, { format: 'json', showBar: false });
    terminal.progress({ kind: 'run', total: 3, done: 0, failed: 0, skipped: 0 });
    terminal.log('info', 'aquamvs', 'x');
    terminal.stop();
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toMatchObject({ level: 'info', name: 'aquamvs', msg: 'x' });
  });
});
