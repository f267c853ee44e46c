import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ApiBody, ConnectedFrame, EventJson, RunJson } from './api-types';
import { eventually } from './eventually';
import { assertDocumented, assertDocumentedFrame } from './openapi-contract';

export interface JsonResponse<T = ApiBody> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON request as a client would send it; the body comes back parsed (or as text if it is not JSON). */
export async function request<T = ApiBody>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: keep the text so the assertion shows it
  }
  assertDocumented(method, res.url, res.status, res.headers.get('content-type'), parsed);
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export interface SseFrame {
  id?: string;
  data: EventJson | ConnectedFrame;
}

export interface SseReader {
  status: number;
  contentType: string | null;
  frames: SseFrame[];
  /** Resolves when the server closes the stream. */
  closed: Promise<void>;
  /** Resolves once `count` frames have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<SseFrame[]>;
  abort(): void;
}

/** Opens an SSE stream with fetch and parses it with eventsource-parser, as a non-browser client would. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  assertDocumented('GET', url, res.status, null, undefined);
  const frames: SseFrame[] = [];
  const broken: Error[] = [];
  const waiters: (() => void)[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const data = JSON.parse(message.data) as SseFrame['data'];
      try {
        assertDocumentedFrame(data);
      } catch (err) {
        broken.push(err as Error);
      }
      frames.push({ id: message.id, data });
      for (const wake of waiters.splice(0)) wake();
    },
  });
  const closed = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by the test
    }
    for (const wake of waiters.splice(0)) wake();
    if (broken.length > 0) throw broken[0];
  })();
  let ended = false;
  void closed.then(
    () => (ended = true),
    () => (ended = true),
  );
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    frames,
    closed,
    async waitFor(count: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (frames.length < count) {
        if (broken.length > 0) throw broken[0];
        if (ended) throw new Error(`stream closed after ${frames.length} frames, wanted ${count}`);
        if (Date.now() > deadline) throw new Error(`only ${frames.length} frames after ${timeoutMs} ms, wanted ${count}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      if (broken.length > 0) throw broken[0];
      return frames.slice(0, count);
    },
    abort: () => controller.abort(),
  };
}

/** Polls GET /api/runs/:id (with `headers`, e.g. an API key) until the run's status is one of `statuses`. */
export async function waitForStatus(
  base: string,
  runId: string,
  statuses: readonly string[],
  timeoutMs = 60_000,
  headers: Record<string, string> = {},
): Promise<RunJson> {
  return eventually(
    async () => {
      const run = (await request<{ run?: RunJson }>(base, 'GET', `/api/runs/${runId}`, undefined, headers)).body?.run;
      if (!run || !statuses.includes(run.status)) throw new Error(`run ${runId} is ${run?.status}`);
      return run;
    },
    { timeoutMs, intervalMs: 100, message: `run ${runId} to be ${statuses.join('/')}` },
  );
}
