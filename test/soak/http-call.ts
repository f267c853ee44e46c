import type { Recorder } from './recorder';

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * One request, timed and recorded under `route`; `expected` decides whether an answer below 500 is an
 * error. Resolves to undefined when no answer came (counted as a network error).
 */
export async function call(
  recorder: Recorder,
  route: string,
  url: string,
  init: { method: string; body?: unknown; timeoutMs: number },
  expected: (answer: Answer) => boolean,
): Promise<Answer | undefined> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error example
    }
    const answer = { status: res.status, body };
    const ok = expected(answer);
    recorder.record(route, res.status, ms, ok, ok ? '' : text.slice(0, 200));
    return answer;
  } catch (err) {
    recorder.record(route, 'network', performance.now() - t0, false, (err as Error).message);
    return undefined;
  }
}

/** The run in a `{ run: {...} }` answer, read defensively: a wrong shape is an error, not a crash. */
export function runOf(body: unknown): { id: string; status: string } | undefined {
  if (typeof body !== 'object' || body === null || !('run' in body)) return undefined;
  const run = body.run;
  if (typeof run !== 'object' || run === null) return undefined;
  const { id, status } = run as { id?: unknown; status?: unknown };
  return typeof id === 'string' && typeof status === 'string' ? { id, status } : undefined;
}

export function isIdempotent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { idempotent?: unknown }).idempotent === true;
}
