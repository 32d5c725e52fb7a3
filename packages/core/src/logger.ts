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

function timestamp(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** Writes `HH:MM:SS [LEVEL] name: message` to stderr, like the reference CLI. */
export const stderrSink: LogSink = (level, name, message) => {
  process.stderr.write(`${timestamp()} [${level.toUpperCase()}] ${name}: ${message}\n`);
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
