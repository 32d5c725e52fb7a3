/**
 * File writes run one after another, started while other work goes on. A failure is kept, not left as an unhandled
 * rejection while the sweep goes on, and is thrown by {@link SequentialWrites.done}; writes after it do not start.
 */
export class SequentialWrites {
  #chain: Promise<void> = Promise.resolve();
  #error: { readonly cause: unknown } | undefined;

  add(write: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (this.#error !== undefined) return;
      try {
        await write();
      } catch (cause) {
        this.#error = { cause };
      }
    });
  }

  /** Resolves when every write has finished or been skipped. */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** Waits for every write; throws the first failure. */
  async done(): Promise<void> {
    await this.#chain;
    if (this.#error !== undefined) throw this.#error.cause;
  }
}
