/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger bound to a name (plugin, stage, frame). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger whose lines carry `name` as well. */
  child(name: string): Logger;
}

/** Where log lines go; the default writes to stderr. */
export type LogSink = (level: Exclude<LogLevel, 'silent'>, name: string, message: string) => void;

/** How log lines are written: `text` for people, `json` (one object per line) for log collectors. */
export type LogFormat = 'text' | 'json';

/** The runtime list of {@link LogFormat}s. */
export const LOG_FORMATS = ['text', 'json'] as const satisfies readonly LogFormat[];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * One log line, newline included. `text`: `2026-12-03 15:52:01 [INFO] name: message` (local time; dated, since runs
 * last for hours); `json`: `{"time":"2026-12-03T15:52:01.123Z","level":"info","name":…,"msg":…}`.
 */
export function formatLogLine(format: LogFormat, level: Exclude<LogLevel, 'silent'>, name: string, message: string, at: Date = new Date()): string {
  if (format === 'json') return `${JSON.stringify({ time: at.toISOString(), level, name, msg: message })}\n`;
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${date} ${time} [${level.toUpperCase()}] ${name}: ${message}\n`;
}

/** Writes text lines (`2026-12-03 15:52:01 [INFO] name: message`) to stderr. */
const stderrSink: LogSink = (level, name, message) => {
  process.stderr.write(formatLogLine('text', level, name, message));
};

/**
 * Creates a logger.
 * @example const log = createLogger({ name: 'aquamvs', level: 'info' });
 */
export function createLogger(options: { name?: string; level?: LogLevel; sink?: LogSink } = {}): Logger {
  const name = options.name ?? 'aquamvs';
  const threshold = LEVEL_RANK[options.level ?? 'info'];
  const sink = options.sink ?? stderrSink;
  const emit = (level: Exclude<LogLevel, 'silent'>, message: string): void => {
    if (LEVEL_RANK[level] >= threshold) sink(level, name, message);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (child) => createLogger({ name: `${name}:${child}`, level: options.level, sink }),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
