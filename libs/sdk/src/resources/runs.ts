import { Paginated, type CursorPage } from '../http/paginated';
import { segment, type Transport } from '../http/transport';
import { streamRunEvents, type StreamOptions } from '../stream/run-event-stream';
import type {
  CreateRunBody,
  Json,
  ListRunsFilter,
  NodeState,
  Patch,
  ProposePatchBody,
  Run,
  RunDefinition,
  RunEvent,
  StreamToken,
  StreamTokenBody,
} from '../types';
import { waitForRun, type WaitOptions } from './wait-for-run';

export interface CreateRunOptions {
  /** Sent as the Idempotency-Key header: a repeat answers with the first run, so the call is retried safely. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export type RunEventsPage = Json<'/api/runs/{id}/events', 'get', 200>;
export type NodeOutput = Json<'/api/runs/{id}/nodes/{nodeId}/output', 'get', 200>;

/** `sf.runs`: create, drive and read runs. */
export class Runs {
  constructor(private readonly http: Transport) {}

  /** Creates a run (and starts it with `start: true`). A replay of an idempotency key returns the first run. */
  async create(body: CreateRunBody, options: CreateRunOptions = {}): Promise<Run> {
    const key = options.idempotencyKey;
    const answer = await this.http.json<Json<'/api/runs', 'post', 201>>('POST', '/api/runs', {
      body,
      headers: key ? { 'idempotency-key': key } : {},
      idempotent: key !== undefined || body.client_token !== undefined,
      signal: options.signal,
    });
    return answer.run;
  }

  async get(id: string, options: CallOptions = {}): Promise<Run> {
    return (await this.http.json<Json<'/api/runs/{id}', 'get', 200>>('GET', `/api/runs/${segment(id)}`, options)).run;
  }

  // start and cancel are not retried: a 429 may hide a start that went through, and a repeat would then answer 409.
  async start(id: string, options: CallOptions = {}): Promise<Run> {
    return (await this.http.json<Json<'/api/runs/{id}/start', 'post', 200>>('POST', `/api/runs/${segment(id)}/start`, options)).run;
  }

  async cancel(id: string, options: CallOptions = {}): Promise<Run> {
    return (await this.http.json<Json<'/api/runs/{id}/cancel', 'post', 202>>('POST', `/api/runs/${segment(id)}/cancel`, options)).run;
  }

  /** Every run matching the filter, page after page (`limit` is the page size; `cursor` starts later). */
  list(filter: ListRunsFilter & { cursor?: string } = {}): Paginated<'runs', Run> {
    const { cursor, ...query } = filter;
    return new Paginated('runs', (next) => this.http.json<CursorPage<'runs', Run>>('GET', '/api/runs', { query: { ...query, cursor: next } }), cursor);
  }

  async nodes(id: string, options: CallOptions = {}): Promise<NodeState[]> {
    return (await this.http.json<Json<'/api/runs/{id}/nodes', 'get', 200>>('GET', `/api/runs/${segment(id)}/nodes`, options)).nodes;
  }

  async nodeOutput(id: string, nodeId: string, options: CallOptions = {}): Promise<NodeOutput> {
    return this.http.json<NodeOutput>('GET', `/api/runs/${segment(id)}/nodes/${segment(nodeId)}/output`, options);
  }

  /** One page of the run's events after `after` (`next_after` continues; `done` once the run has ended and all were read). */
  async events(id: string, page: { after?: number; limit?: number } & CallOptions = {}): Promise<RunEventsPage & { events: RunEvent[] }> {
    const { signal, ...query } = page;
    return this.http.json('GET', `/api/runs/${segment(id)}/events`, { query, signal });
  }

  /** The graph the run executes now, with its revision. */
  async definition(id: string, options: CallOptions = {}): Promise<RunDefinition> {
    return (await this.http.json<Json<'/api/runs/{id}/definition', 'get', 200>>('GET', `/api/runs/${segment(id)}/definition`, options)).definition;
  }

  /** Proposes a JSON Patch over the run's graph; the answer is the pending patch, the run applies or rejects it. */
  async patch(id: string, operations: ProposePatchBody['operations'], reason?: string, options: CallOptions = {}): Promise<Patch> {
    const body: ProposePatchBody = reason === undefined ? { operations } : { operations, reason };
    return (await this.http.json<Json<'/api/runs/{id}/patches', 'post', 202>>('POST', `/api/runs/${segment(id)}/patches`, { body, ...options })).patch;
  }

  async patches(id: string, options: CallOptions = {}): Promise<Patch[]> {
    return (await this.http.json<Json<'/api/runs/{id}/patches', 'get', 200>>('GET', `/api/runs/${segment(id)}/patches`, options)).patches;
  }

  /**
   * A short-lived token for this run's stream (`ttl_seconds`, default 600, at most 3600), for a page that
   * must not hold an API key: `stream(id, { token })` or `new EventSource(url + '?token=' + token)`.
   * Not retried: each call issues a new token.
   */
  async streamToken(id: string, body: StreamTokenBody = {}, options: CallOptions = {}): Promise<StreamToken> {
    return this.http.json<StreamToken>('POST', `/api/runs/${segment(id)}/stream-token`, { body, ...options });
  }

  /** The run's events live, each once, resuming by itself after a dropped connection; ends after `final`. */
  stream(id: string, options: StreamOptions = {}): AsyncGenerator<RunEvent, void, undefined> {
    return streamRunEvents(this.http, id, options);
  }

  /** Resolves with the run once it is terminal (completed, failed, canceled or timed out). */
  wait(id: string, options: WaitOptions = {}): Promise<Run> {
    return waitForRun(this, id, options);
  }
}
