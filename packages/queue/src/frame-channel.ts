/** An unbounded single-consumer channel: `take()` waits for the next `push()`; `null` ends it. */
export class FrameChannel<T> {
  readonly #items: (T | null)[] = [];
  #waiter: ((item: T | null) => void) | undefined;

  push(item: T | null): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter(item);
    } else {
      this.#items.push(item);
    }
  }

  take(): Promise<T | null> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() ?? null);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  /** Items pushed and not yet taken (an end marker included). */
  drain(): (T | null)[] {
    return this.#items.splice(0);
  }
}
