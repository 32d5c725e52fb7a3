import { readFileSync } from 'node:fs';

interface ParsedEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export interface ParsedTrace {
  displayTimeUnit: string;
  traceEvents: ParsedEvent[];
  otherData: Record<string, unknown>;
}

export function readTrace(path: string): ParsedTrace {
  return JSON.parse(readFileSync(path, 'utf8')) as ParsedTrace;
}

/** Problems found in a trace: missing fields, bad values, non-nesting `X` events on a tid, unnamed tids. */
export function traceProblems(trace: ParsedTrace): string[] {
  const problems: string[] = [];
  if (!Array.isArray(trace.traceEvents)) return ['traceEvents is not an array'];
  const named = new Set<number>();
  const byTid = new Map<number, { start: number; end: number; name: string }[]>();
  trace.traceEvents.forEach((e, i) => {
    const where = `event ${i} (${e.ph} ${e.name})`;
    if (typeof e.name !== 'string' || e.name === '') problems.push(`${where}: no name`);
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid)) problems.push(`${where}: pid/tid not integers`);
    if (e.ph === 'M') {
      if (typeof e.args !== 'object') problems.push(`${where}: metadata without args`);
      if (e.name === 'thread_name') named.add(e.tid);
    } else if (e.ph === 'X') {
      if (typeof e.ts !== 'number' || typeof e.dur !== 'number' || e.dur < 0) problems.push(`${where}: bad ts/dur`);
      const start = Math.round((e.ts ?? 0) * 1e3);
      const list = byTid.get(e.tid) ?? [];
      list.push({ start, end: start + Math.round((e.dur ?? 0) * 1e3), name: e.name });
      byTid.set(e.tid, list);
    } else if (e.ph === 'C') {
      if (typeof e.ts !== 'number') problems.push(`${where}: no ts`);
      if (Object.values(e.args ?? {}).some((v) => typeof v !== 'number')) problems.push(`${where}: non-numeric series`);
    } else {
      problems.push(`${where}: unexpected phase`);
    }
  });
  for (const [tid, events] of byTid) {
    if (!named.has(tid)) problems.push(`tid ${tid} has no thread_name`);
    events.sort((a, b) => a.start - b.start || b.end - a.end);
    const stack: { start: number; end: number; name: string }[] = [];
    for (const e of events) {
      while (stack.length > 0 && stack[stack.length - 1].end <= e.start) stack.pop();
      const top = stack.at(-1);
      if (top !== undefined && e.end > top.end) problems.push(`tid ${tid}: ${e.name} overlaps ${top.name} without nesting`);
      stack.push(e);
    }
  }
  return problems;
}
