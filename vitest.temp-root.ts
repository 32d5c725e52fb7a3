import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

/**
 * Global setup of every package's suite: one fresh temporary directory per `vitest run`, made the process's
 * `TMPDIR` (and `TMP`, `TEMP`) before the test workers start, so every `os.tmpdir()` of the tests, their worker
 * threads and the CLI processes they spawn lands inside it; removed when the run ends, passed or failed. Tests that
 * forget to remove what they make no longer leave it behind (hundreds of dirs and gigabytes a day of CI runs did).
 */
export default function setup(): () => void {
  const saved = TEMP_VARIABLES.map((name) => [name, process.env[name]] as const);
  const root = mkdtempSync(join(tmpdir(), 'aquamvs-test-'));
  for (const name of TEMP_VARIABLES) process.env[name] = root;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
