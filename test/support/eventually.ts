export interface EventuallyOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pause between tries (default 200 ms). */
  intervalMs?: number;
  /** What is awaited, e.g. `run ${id} to finish`: a timeout then says so before the last error. */
  message?: string;
}

/**
 * Calls `probe` until it resolves without throwing (e.g. its expect() calls pass), then returns its value;
 * past `timeoutMs` the last error is thrown, so the failure shows what was still wrong.
 */
export async function eventually<T>(probe: () => Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) {
        if (options.message === undefined) throw err;
        const last = err instanceof Error ? err.message : String(err);
        throw new Error(`waited ${timeoutMs} ms for ${options.message}; last try: ${last}`, { cause: err });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
