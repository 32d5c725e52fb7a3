import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceWriter } from './trace-writer.js';

const event = { name: 'frame 0', ph: 'X' as const, pid: 1, tid: 0, ts: 0, dur: 5 };

describe('TraceWriter', () => {
  it('writes a trace that is valid JSON after close', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aqm-trace-')), 'sub', 'trace.json');
    const writer = new TraceWriter(path);
    writer.write(event);
    writer.close({ producer: 'test' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ displayTimeUnit: 'ms', traceEvents: [event], otherData: { producer: 'test' } });
  });

  it('fails with AQM_ERR_PROFILER_TRACE_WRITE naming the file when its folder cannot be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqm-trace-'));
    writeFileSync(join(dir, 'profile'), 'a file where the folder should be');
    const path = join(dir, 'profile', 'trace.json');
    expect(() => new TraceWriter(path).write(event)).toThrow(
      expect.objectContaining({
        code: 'AQM_ERR_PROFILER_TRACE_WRITE',
        message: expect.stringContaining(`cannot write profiler output ${path}: EEXIST`) as unknown,
      }),
    );
  });
});
