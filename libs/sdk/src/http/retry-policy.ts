/** How the client retries refused calls; a call is retried only when repeating it is safe. */
export interface RetrySettings {
  /** Retries after the first attempt; 0 turns retrying off. */
  maxRetries: number;
  /** The first backoff; each retry doubles it, with jitter. */
  baseDelayMs: number;
  /** The longest wait between attempts: a Retry-After beyond it is not waited for, the error is returned instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Answers that say "not now": rate limited, or the API (or its Temporal or Postgres) briefly unavailable. */
const RETRYABLE_STATUSES: readonly number[] = [429, 503];

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

export interface AttemptOutcome {
  /** Retries already made for this call. */
  retriesSoFar: number;
  status: number;
  /** GET, or a create that carries an idempotency key: the server answers a repeat with the first result. */
  idempotent: boolean;
  /** The server's Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

export function retryDecision(outcome: AttemptOutcome, settings: RetrySettings, random: () => number = Math.random): RetryDecision {
  if (!outcome.idempotent || !RETRYABLE_STATUSES.includes(outcome.status) || outcome.retriesSoFar >= settings.maxRetries) return { retry: false };
  if (outcome.retryAfterMs !== undefined) {
    return outcome.retryAfterMs <= settings.maxDelayMs ? { retry: true, delayMs: outcome.retryAfterMs } : { retry: false };
  }
  return { retry: true, delayMs: backoffDelay(outcome.retriesSoFar, settings.baseDelayMs, settings.maxDelayMs, random) };
}

/** Exponential backoff with "equal jitter": between half and all of base * 2^attempt, capped. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
