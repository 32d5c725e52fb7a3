import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { profilerTraceWrite } from './errors.js';

/** One Chrome Trace Event (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'C' | 'M' | 'i';
  readonly pid: number;
  readonly tid: number;
  /** Microseconds. */
  readonly ts?: number;
  /** Microseconds (`X` only). */
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

const FLUSH_BYTES = 64 * 1024;

/**
 * Streams a Chrome trace in object form (`{"traceEvents":[…]}`) to a file: events are serialised one by one and
 * flushed in 64 KiB chunks, so memory stays flat however long the run. The file is valid JSON after `close()`.
 */
export class TraceWriter {
  readonly path: string;
  #fd: number | undefined;
  #buffer = '';
  #count = 0;
  #closed = false;

  constructor(path: string) {
    this.path = path;
  }

  /** Events written so far. */
  get eventCount(): number {
    return this.#count;
  }

  get isOpen(): boolean {
    return this.#fd !== undefined;
  }

  write(event: TraceEvent): void {
    if (this.#closed) return;
    if (this.#fd === undefined) this.#open();
    this.#buffer += (this.#count === 0 ? '\n' : ',\n') + JSON.stringify(event);
    this.#count += 1;
    if (this.#buffer.length >= FLUSH_BYTES) this.#flush();
  }

  /** Ends the JSON document and closes the file; `otherData` lands beside `traceEvents`. */
  close(otherData: Readonly<Record<string, unknown>> = {}): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#fd === undefined) this.#open();
    this.#buffer += `\n],"otherData":${JSON.stringify(otherData)}}\n`;
    this.#flush();
    const fd = this.#fd as number;
    this.#fd = undefined;
    closeSync(fd);
  }

  #open(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#fd = openSync(this.path, 'w');
    } catch (error) {
      throw profilerTraceWrite(this.path, error);
    }
    this.#buffer = '{"displayTimeUnit":"ms","traceEvents":[';
  }

  #flush(): void {
    if (this.#fd === undefined || this.#buffer.length === 0) return;
    try {
      writeSync(this.#fd, this.#buffer);
    } catch (error) {
      throw profilerTraceWrite(this.path, error);
    }
    this.#buffer = '';
  }
}
