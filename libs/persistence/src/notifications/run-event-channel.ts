import { Client as PgClient, type Notification } from 'pg';
import type { DataSource } from 'typeorm';

/*
 * "These runs have new events": the worker says it after each workflow activation that appended some,
 * and every API process listening wakes the feeds of those runs, which then query their workflows at
 * once instead of at the next poll. Only run ids travel: the events themselves still come from the
 * workflow's query (or Postgres), which is the truth even when a workflow task fails and is retried.
 */
export const RUN_EVENTS_CHANNEL = 'steadfast_run_events';

/*
 * A run announced as ended has its whole log, `final` included, in Postgres already (the workflow writes
 * it before it closes): a listener reads it there, instead of asking a workflow that may be closed by then
 * (a query of a closed workflow replays its whole history on a worker).
 */
const ENDED = 'ended:';

export interface RunEventNews {
  /** Runs with new events: ask their workflows. */
  live: string[];
  /** Runs whose log is complete in Postgres. */
  ended: string[];
}

export function encodeRunEventNews(news: { live: Iterable<string>; ended: Iterable<string> }): string[] {
  return runEventPayloads([...news.live, ...[...news.ended].map((id) => `${ENDED}${id}`)]);
}

export function decodeRunEventNews(payload: string): RunEventNews {
  const news: RunEventNews = { live: [], ended: [] };
  for (const token of payload.split(' ')) {
    if (token.startsWith(ENDED)) news.ended.push(token.slice(ENDED.length));
    else if (token) news.live.push(token);
  }
  return news;
}

/* pg_notify payloads must stay under 8000 bytes. */
const PAYLOAD_LIMIT = 7800;

/** Splits run ids into space-separated payloads that each fit one notification. */
export function runEventPayloads(runIds: Iterable<string>): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of runIds) {
    if (current.length > 0 && current.length + 1 + id.length > PAYLOAD_LIMIT) {
      payloads.push(current);
      current = '';
    }
    current = current.length > 0 ? `${current} ${id}` : id;
  }
  if (current.length > 0) payloads.push(current);
  return payloads;
}

/** The worker's side: one statement per batch of runs, on the pool it already has. */
export class RunEventNotifier {
  constructor(private readonly dataSource: DataSource) {}

  async notify(news: { live: Iterable<string>; ended: Iterable<string> }): Promise<void> {
    const payloads = encodeRunEventNews(news);
    if (payloads.length === 0) return;
    await this.dataSource.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [RUN_EVENTS_CHANNEL, payloads]);
  }
}

export interface RunEventListenerOptions {
  url: string;
  onNews(news: RunEventNews): void;
  onError(err: unknown): void;
  /** Wait before reconnecting after the connection is lost. */
  retryMs?: number;
}

/**
 * The API's side: a connection of its own (LISTEN holds it for good, so not one from the pool), opened
 * again after a loss. Notifications missed while it was down only cost latency: feeds keep polling.
 */
export class RunEventListener {
  private client: PgClient | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: RunEventListenerOptions) {}

  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new PgClient({ connectionString: this.options.url, application_name: 'steadfast-run-events' });
    client.on('notification', (message: Notification) => {
      if (message.channel === RUN_EVENTS_CHANNEL && message.payload) this.options.onNews(decodeRunEventNews(message.payload));
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.lost(client, err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private lost(client: PgClient, err: unknown): void {
    if (this.stopped || this.retry) return;
    if (this.client === client) this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.options.onError(err);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, this.options.retryMs ?? 1000);
  }
}
