/**
 * Calls `probe` until it resolves without throwing (e.g. its expect() calls pass), then returns its value;
 * past `timeoutMs` the last error is thrown, so the failure shows what was still wrong.
 */
export async function eventually<T>(probe: () => Promise<T>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
