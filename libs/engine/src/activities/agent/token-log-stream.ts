/* Each batch costs a signal and a history event: a few per second reads as live without flooding either. */
export const LOG_BATCH_INTERVAL_MS = 250;
/* Longer batches are split, so no single log event is unwieldy. */
export const LOG_BATCH_MAX_CHARS = 2000;

/**
 * Streamed text, delivered in order as throttled batches: the first text goes out at once, later text at
 * most every `intervalMs`, and `close()` sends whatever is left. A failed send is reported and dropped,
 * since the log stream is a view of the work, not part of it.
 */
export class TokenLogStream {
  private pending = '';
  private lastSent = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (message: string) => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = LOG_BATCH_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  push(text: string): void {
    this.pending += text;
    if (this.timer) return;
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends the rest and resolves once every batch has been sent (or has failed). */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    this.lastSent = this.now();
    const text = this.pending;
    this.pending = '';
    for (let at = 0; at < text.length; at += LOG_BATCH_MAX_CHARS) {
      const batch = text.slice(at, at + LOG_BATCH_MAX_CHARS);
      this.chain = this.chain.then(() => this.send(batch)).catch(this.onError);
    }
  }
}
