import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';
import { percentile } from './stats';

export interface FanoutOptions {
  api: string;
  apiPid: number;
  runs: number;
  subscribers: number;
  /** Each run is a chain of this many delays. */
  chain: number;
  delayMs: number;
}

export interface FanoutResult {
  subscribers: number;
  events: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** API resident memory added per open subscriber. */
  kbPerSubscriber: number;
  queries: number;
  queriesPerRunSecond: number;
  /** Subscribers that missed, repeated or reordered an event. */
  broken: number;
}

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function queriesSoFar(api: string): Promise<number> {
  const text = await (await fetch(`${api}/metrics`)).text();
  return Number(/^run_event_queries_total (\d+)/m.exec(text)?.[1] ?? 0);
}

interface Subscriber {
  seqs: number[];
  lags: number[];
  done: Promise<void>;
}

/** One stream read to its end; each event's lag is its receipt time against its own timestamp. */
async function subscribe(url: string, opened: () => void): Promise<Subscriber> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  opened();
  const seqs: number[] = [];
  const lags: number[] = [];
  const parser = createParser({
    onEvent(message) {
      if (!message.id) return;
      const event = JSON.parse(message.data) as { seq: number; timestamp: string };
      lags.push(Date.now() - Date.parse(event.timestamp));
      seqs.push(event.seq);
    },
  });
  const done = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  })();
  return { seqs, lags, done };
}

/**
 * Many subscribers over a few live runs, all on one API process: what each subscriber costs in memory,
 * how late events arrive, and how many workflow queries the process sends (per run, not per subscriber).
 */
export async function measureSseFanout(options: FanoutOptions): Promise<FanoutResult> {
  const { api, runs, subscribers, chain, delayMs } = options;
  const nodes = Array.from({ length: chain }, (_, i) => ({
    id: `d${i}`,
    type: 'delay',
    config: { duration: `${delayMs}ms` },
    depends_on: i === 0 ? [] : [`d${i - 1}`],
  }));
  // Created first and started together, once every subscriber is connected, so all see the whole run live.
  const ids: string[] = [];
  for (let i = 0; i < runs; i++) {
    const res = await fetch(`${api}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `fanout-${i}`, workflow: { nodes } }),
    });
    ids.push(((await res.json()) as { run: { id: string } }).run.id);
  }
  const rssBefore = rssKb(options.apiPid);
  let opened = 0;
  const subs: Subscriber[] = [];
  for (let i = 0; i < subscribers; i++) subs.push(await subscribe(`${api}/api/runs/${ids[i % runs]}/logs/stream`, () => opened++));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rssOpen = rssKb(options.apiPid);
  const queriesBefore = await queriesSoFar(api);
  const startedAt = Date.now();
  await Promise.all(ids.map((id) => fetch(`${api}/api/runs/${id}/start`, { method: 'POST' })));
  await Promise.all(subs.map((sub) => sub.done));
  const seconds = (Date.now() - startedAt) / 1000;
  const queries = (await queriesSoFar(api)) - queriesBefore;

  const lags = subs.flatMap((sub) => sub.lags).sort((a, b) => a - b);
  const broken = subs.filter((sub) => sub.seqs.some((seq, i) => seq !== i + 1)).length;
  return {
    subscribers: opened,
    events: lags.length,
    lagP50Ms: percentile(lags, 50),
    lagP99Ms: percentile(lags, 99),
    lagMaxMs: lags[lags.length - 1] ?? 0,
    kbPerSubscriber: (rssOpen - rssBefore) / Math.max(1, subscribers),
    queries,
    queriesPerRunSecond: queries / runs / seconds,
    broken,
  };
}
