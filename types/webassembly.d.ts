// The part of the WebAssembly JavaScript API that Node provides and the packages' kernels use (stage-depth's sweep,
// geometry's neighbour search). The project's `lib` (ES2023, no DOM) and @types/node 20 do not declare the `WebAssembly` global.
declare namespace WebAssembly {
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the compiled module is an opaque handle
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
