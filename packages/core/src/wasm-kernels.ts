import { readFileSync } from 'node:fs';

/** Compiled modules by file, per thread: compiling is the slow part, an instance is cheap. */
const compiled = new Map<string, WebAssembly.Module>();

/**
 * The exports of a fresh instance of the WebAssembly module at `url` — a package's kernels, built into its `dist/`
 * by its own build — compiled once per thread. `owner` names the package in the error when the file is missing
 * (the package was not built).
 * @example
 * const kernels = instantiateKernels(new URL('../dist/sweep-kernels.wasm', import.meta.url), '@aquamvs/stage-depth');
 */
export function instantiateKernels(url: URL, owner: string): Record<string, unknown> {
  let module = compiled.get(url.href);
  if (module === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(url);
    } catch (error) {
      throw new Error(`${owner}: its WebAssembly kernels ${url.pathname} are missing; build the package first (pnpm build)`, { cause: error });
    }
    module = new WebAssembly.Module(bytes);
    compiled.set(url.href, module);
  }
  return new WebAssembly.Instance(module, {}).exports;
}
