import { describe, expect, it } from 'vitest';
import { threadExecArgv } from './slot-thread.js';

describe('threadExecArgv (the Node options of a slot frame thread)', () => {
  it('lets the thread inherit options Node refuses to pass explicitly (V8 heap size, process title)', () => {
    expect(threadExecArgv(['--max-old-space-size=8192', '--title=aquamvs', '--enable-source-maps'])).toBeUndefined();
    expect(threadExecArgv([])).toBeUndefined();
  });

  it("drops the main script's own code and input type, with the code that follows -e / --eval / -p", () => {
    expect(threadExecArgv(['--input-type=module', '-e', 'await run()', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(threadExecArgv(['--conditions=dev', '--eval', 'x()'])).toEqual(['--conditions=dev']);
    expect(threadExecArgv(['--print=1+1', '--no-warnings'])).toEqual(['--no-warnings']);
  });
});
