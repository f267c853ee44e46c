import { backoffDelay, DEFAULT_RETRY_SETTINGS, parseRetryAfter, retryDecision } from './retry-policy';

describe('retryDecision', () => {
  const settings = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 5_000 };
  const half = () => 0.5;

  it.each([429, 503])('retries a %i on an idempotent call with backoff', (status) => {
    expect(retryDecision({ retriesSoFar: 0, status, idempotent: true }, settings, half)).toEqual({ retry: true, delayMs: 75 });
    expect(retryDecision({ retriesSoFar: 1, status, idempotent: true }, settings, half)).toEqual({ retry: true, delayMs: 150 });
  });

  it('never retries a call that is not safe to repeat', () => {
    expect(retryDecision({ retriesSoFar: 0, status: 429, idempotent: false, retryAfterMs: 1000 }, settings)).toEqual({ retry: false });
  });

  it.each([400, 404, 409, 422, 500, 502])('does not retry a %i', (status) => {
    expect(retryDecision({ retriesSoFar: 0, status, idempotent: true }, settings)).toEqual({ retry: false });
  });

  it('stops after maxRetries', () => {
    expect(retryDecision({ retriesSoFar: 2, status: 503, idempotent: true }, settings)).toEqual({ retry: false });
  });

  it("waits exactly the server's Retry-After, and gives up when that is longer than maxDelayMs", () => {
    expect(retryDecision({ retriesSoFar: 0, status: 429, idempotent: true, retryAfterMs: 2_000 }, settings)).toEqual({ retry: true, delayMs: 2_000 });
    expect(retryDecision({ retriesSoFar: 0, status: 429, idempotent: true, retryAfterMs: 6_000 }, settings)).toEqual({ retry: false });
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, between half and all of the ceiling, capped at the maximum', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('has defaults a client can live with', () => {
    expect(DEFAULT_RETRY_SETTINGS.maxRetries).toBeGreaterThan(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds and HTTP dates as milliseconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});
