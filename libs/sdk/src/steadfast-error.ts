import type { ErrorBody } from './types';

/**
 * Every failure the SDK reports: an error answer from the API (its `error`, `details` and, on a 429,
 * `retryAfter` in seconds), or `status` 0 when no answer came (network, timeout, a stream given up on).
 */
export class SteadfastError extends Error {
  override readonly name = 'SteadfastError';
  readonly status: number;
  readonly error: string;
  readonly details: string[] | undefined;
  readonly retryAfter: number | undefined;
  /** The error answer as the API sent it (null when there was none). */
  readonly body: unknown;

  constructor(init: { status: number; error: string; details?: string[]; retryAfter?: number; body?: unknown; cause?: unknown }) {
    super(init.details?.length ? `${init.error}: ${init.details.join('; ')}` : init.error, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.error = init.error;
    this.details = init.details;
    this.retryAfter = init.retryAfter;
    this.body = init.body ?? null;
  }

  /** From an error answer: the error envelope when the body is one, the status text otherwise. */
  static fromResponse(status: number, statusText: string, body: unknown, retryAfterHeader: number | undefined): SteadfastError {
    const envelope = isErrorBody(body) ? body : undefined;
    return new SteadfastError({
      status,
      error: envelope?.error ?? (statusText || `HTTP ${status}`),
      details: envelope?.details,
      retryAfter: envelope?.retryAfter ?? retryAfterHeader,
      body,
    });
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string';
}
