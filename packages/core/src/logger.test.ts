import { describe, expect, it } from 'vitest';
import { createLogger, formatLogLine } from './logger.js';

describe('log lines', () => {
  const at = new Date(2026, 11, 3, 9, 5, 7, 250);

  it('writes dated text lines in local time', () => {
    expect(formatLogLine('text', 'warn', 'aquamvs:plane-sweep', 'slow camera', at)).toBe(
      '2026-12-03 09:05:07 [WARN] aquamvs:plane-sweep: slow camera\n',
    );
  });

  it('writes one JSON object per line with an ISO timestamp, for log collectors', () => {
    const line = formatLogLine('json', 'info', 'aquamvs', 'frame 3 done\nsecond line', at);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ time: at.toISOString(), level: 'info', name: 'aquamvs', msg: 'frame 3 done\nsecond line' });
  });

  it('hands lines at or above the level to its sink, children named after their parent', () => {
    const lines: string[] = [];
    const log = createLogger({ name: 'aquamvs', level: 'info', sink: (level, name, message) => lines.push(`${level} ${name} ${message}`) });
    log.debug('hidden');
    log.child('fusion').warn('kept');
    expect(lines).toEqual(['warn aquamvs:fusion kept']);
  });
});
