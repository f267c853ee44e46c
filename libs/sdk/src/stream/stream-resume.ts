import { backoffDelay } from '../http/retry-policy';

export interface ReconnectSettings {
  /** Give up once no connection has held for this long (the error then has status 0). */
  giveUpAfterMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT_SETTINGS: ReconnectSettings = { giveUpAfterMs: 60_000, baseDelayMs: 250, maxDelayMs: 5_000 };

/**
 * The bookkeeping that lets a stream resume without a gap or a duplicate: the highest seq delivered
 * (sent back as Last-Event-ID), and since when the stream has been down, to back off and to give up.
 */
export class StreamResume {
  private highestSeq: number;
  private failures = 0;
  private downSince: number | undefined;

  constructor(
    lastEventId: number,
    private readonly settings: ReconnectSettings,
  ) {
    this.highestSeq = lastEventId;
  }

  /** The Last-Event-ID header to send, if any event was seen. */
  get lastEventId(): string | undefined {
    return this.highestSeq > 0 ? String(this.highestSeq) : undefined;
  }

  /** True when the event is new; a replayed seq (after a resume) is false and must not be yielded. */
  accept(seq: number): boolean {
    if (!Number.isInteger(seq) || seq <= this.highestSeq) return false;
    this.highestSeq = seq;
    return true;
  }

  /** A connection answered 200: backoff and the give-up clock start over. */
  connected(): void {
    this.failures = 0;
    this.downSince = undefined;
  }

  /**
   * The connection failed or dropped before `final`: the delay before the next attempt, or undefined
   * when the stream has been down past giveUpAfterMs. A server's Retry-After wins over the backoff.
   */
  nextDelay(now: number, retryAfterMs?: number, random: () => number = Math.random): number | undefined {
    this.downSince ??= now;
    const waited = now - this.downSince;
    if (waited >= this.settings.giveUpAfterMs) return undefined;
    const delay = retryAfterMs ?? backoffDelay(this.failures++, this.settings.baseDelayMs, this.settings.maxDelayMs, random);
    return Math.min(delay, this.settings.giveUpAfterMs - waited);
  }
}
