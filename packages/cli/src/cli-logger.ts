import { Option } from 'commander';
import { createLogger, formatLogLine, LOG_FORMATS, type LogFormat, type LogLevel, type LogSink, type Logger } from '@aquamvs/core';

/** Logging flags shared by the commands that run the pipeline. */
export interface LogFlags {
  verbose?: boolean;
  quiet?: boolean;
  /** `--log-format` / `AQUAMVS_LOG_FORMAT`. @default 'text' */
  logFormat?: LogFormat;
}

/** `--log-format text|json`, also read from `AQUAMVS_LOG_FORMAT` (workers on many machines set it once). */
export function logFormatOption(): Option {
  return new Option('--log-format <format>', 'log lines as text or as one JSON object per line (ISO timestamps)')
    .choices(LOG_FORMATS)
    .env('AQUAMVS_LOG_FORMAT')
    .default('text');
}

/** A sink writing formatted lines straight to `stream` (no progress bar to share it with). */
function streamSink(format: LogFormat, stream: NodeJS.WritableStream = process.stderr): LogSink {
  return (level, name, message) => {
    stream.write(formatLogLine(format, level, name, message));
  };
}

/** The `aquamvs` logger for `flags`: debug with `-v`, warnings only with `-q`, info otherwise. */
export function cliLogger(flags: LogFlags, sink: LogSink = streamSink(flags.logFormat ?? 'text')): Logger {
  const level: LogLevel = flags.verbose ? 'debug' : flags.quiet ? 'warn' : 'info';
  return createLogger({ name: 'aquamvs', level, sink });
}
