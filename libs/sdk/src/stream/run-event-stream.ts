import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { parseRetryAfter } from '../http/retry-policy';
import { sleep } from '../http/sleep';
import { segment, type Transport } from '../http/transport';
import { SteadfastError } from '../steadfast-error';
import type { ConnectedFrame, RunEvent } from '../types';
import { DEFAULT_RECONNECT_SETTINGS, StreamResume, type ReconnectSettings } from './stream-resume';

export interface StreamOptions {
  /** Resume after this seq (the last one the caller has); the stream starts at the run's first event otherwise. */
  lastEventId?: number;
  /** Ends the iteration (quietly, without an error) and closes the connection. */
  signal?: AbortSignal;
  reconnect?: Partial<ReconnectSettings>;
  /**
   * A stream token (runs.streamToken) sent as `?token=`: a client built without an API key (a browser
   * page given a token by its backend) can still follow the run. It is good for every reconnection
   * until it expires; after that the stream ends with a 401 SteadfastError.
   */
  token?: string;
  /**
   * The unnumbered `connected` frame each connection opens with (the run's status then, and the seq it
   * resumes after). It is not an event of the run, so the iteration never yields it.
   */
  onConnected?: (frame: ConnectedFrame) => void;
}

/** Statuses after which another attempt may succeed: the API restarting, rate limited or briefly unready. */
const TRANSIENT = (status: number) => status === 429 || status >= 500;

/**
 * A run's events over SSE, in seq order, each once, until `final`. A dropped connection or an API
 * restart is resumed with Last-Event-ID after a backoff; a 204 (resumed past `final`) ends the stream.
 */
export async function* streamRunEvents(transport: Transport, runId: string, options: StreamOptions = {}): AsyncGenerator<RunEvent, void, undefined> {
  const resume = new StreamResume(options.lastEventId ?? 0, { ...DEFAULT_RECONNECT_SETTINGS, ...options.reconnect });
  // Ours, so leaving the loop early (break, return, throw) closes the connection too.
  const connection = new AbortController();
  const stop = () => connection.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (!connection.signal.aborted) {
      let retryAfterMs: number | undefined;
      let lastFailure: SteadfastError | undefined;
      try {
        const lastEventId = resume.lastEventId;
        const response = await transport.send('GET', `/api/runs/${segment(runId)}/logs/stream`, {
          headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          query: options.token === undefined ? undefined : { token: options.token },
          signal: connection.signal,
        });
        if (response.status === 204) return;
        if (!response.ok || !response.body) {
          const body = await response.text().then(parseJson);
          retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
          const error = SteadfastError.fromResponse(response.status, response.statusText, body, retryAfterMs && Math.ceil(retryAfterMs / 1000));
          if (!TRANSIENT(response.status)) throw error;
          lastFailure = error;
        } else {
          resume.connected();
          for await (const message of sseMessages(response.body)) {
            const frame = parseJson(message.data) as RunEvent | ConnectedFrame;
            if (message.id === undefined && frame.type === 'connected') {
              options.onConnected?.(frame);
              continue;
            }
            const event = frame as RunEvent;
            if (!resume.accept(event.seq)) continue;
            yield event;
            if (event.type === 'final') return;
          }
        }
      } catch (error) {
        if (connection.signal.aborted) return;
        if (error instanceof SteadfastError && error.status !== 0 && !TRANSIENT(error.status)) throw error;
        lastFailure =
          error instanceof SteadfastError ? error : new SteadfastError({ status: 0, error: `The event stream of run ${runId} dropped`, cause: error });
      }
      const delay = resume.nextDelay(Date.now(), retryAfterMs);
      if (delay === undefined) {
        throw new SteadfastError({
          status: 0,
          error: `Gave up on the event stream of run ${runId}`,
          details: lastFailure ? [lastFailure.message] : undefined,
          cause: lastFailure,
        });
      }
      await sleep(delay, connection.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    connection.abort();
  }
}

/** The SSE messages of a fetch body, parsed with eventsource-parser: no Node stream API, so browsers run it too. */
async function* sseMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<EventSourceMessage, void, undefined> {
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => queue.push(message) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift() as EventSourceMessage;
    }
  } finally {
    reader.releaseLock();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
