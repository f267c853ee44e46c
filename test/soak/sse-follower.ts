import { createParser } from 'eventsource-parser';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Recorder } from './recorder';

export const STREAM_ROUTE = 'GET /api/runs/:id/logs/stream';
/* A stream that keeps closing before its final event is broken, not unlucky. */
const MAX_RECONNECTS = 5;

export interface StreamStats {
  opened: number;
  completed: number;
  events: number;
  /** An id more than one past the last: events the client never saw. */
  gaps: number;
  /** An id at or below the last: sent twice or out of order. */
  duplicates: number;
  /** Closed before the final event and resumed with Last-Event-ID. */
  reconnects: number;
  /** Streams that failed in a way no retry explains (204 before the final, too many reconnects, bad frames). */
  broken: number;
  /** Given up at their deadline: the run id and when the stream started (epoch ms), for a later look at the run. */
  timedOut: { runId: string; startedAt: number }[];
  /** Still open when the soak stopped its clients. */
  cutAtEnd: number;
}

export const emptyStreamStats = (): StreamStats => ({
  opened: 0,
  completed: 0,
  events: 0,
  gaps: 0,
  duplicates: 0,
  reconnects: 0,
  broken: 0,
  timedOut: [],
  cutAtEnd: 0,
});

export interface FollowerOptions {
  api: string;
  recorder: Recorder;
  stats: StreamStats;
  timeoutMs: number;
  /** A run to follow next, or undefined when there is none yet. */
  pick: () => string | undefined;
  /** No new stream is started once this is true. */
  stopPicking: () => boolean;
  /** Aborts whatever stream is still open. */
  stop: AbortSignal;
}

/** One SSE client: follows a run's stream to its final event, checking ids are gap-free and in order, then picks another run. */
export async function followStreams(opts: FollowerOptions): Promise<void> {
  while (!opts.stopPicking() && !opts.stop.aborted) {
    const runId = opts.pick();
    if (runId === undefined) await sleep(200);
    else await followOne(opts, runId);
  }
}

async function followOne(opts: FollowerOptions, runId: string): Promise<void> {
  const { stats, recorder } = opts;
  const startedAt = Date.now();
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = AbortSignal.any([deadline, opts.stop]);
  let lastId = 0;
  let sawFinal = false;
  stats.opened++;
  for (let attempt = 0; !sawFinal; attempt++) {
    if (attempt > MAX_RECONNECTS) return broken(opts, runId, `closed ${attempt} times before its final event`);
    if (attempt > 0) stats.reconnects++;
    const t0 = performance.now();
    let res: Response;
    try {
      const resume: Record<string, string> = lastId > 0 ? { 'last-event-id': String(lastId) } : {};
      res = await fetch(`${opts.api}/api/runs/${runId}/logs/stream`, { headers: { accept: 'text/event-stream', ...resume }, signal });
    } catch (err) {
      if (signal.aborted) return ended(opts, runId, startedAt, deadline.aborted);
      recorder.record(STREAM_ROUTE, 'network', performance.now() - t0, false, (err as Error).message);
      return;
    }
    recorder.record(STREAM_ROUTE, res.status, performance.now() - t0, res.status === 200, res.status === 200 ? '' : `run ${runId}`);
    // 204 means "past the final event", which this client has not seen.
    if (res.status === 204) return broken(opts, runId, `answered 204 after id ${lastId}, before any final event`);
    if (res.status !== 200 || !res.body) return;
    let bad = '';
    const parser = createParser({
      onEvent(message) {
        // The `connected` frame carries no id: it is not part of the run's event log.
        if (message.id === undefined) return;
        const id = Number(message.id);
        stats.events++;
        if (id > lastId + 1) {
          stats.gaps++;
          recorder.example(`stream ${runId}: id ${id} after ${lastId}`);
        } else if (id <= lastId) {
          stats.duplicates++;
          recorder.example(`stream ${runId}: id ${id} again after ${lastId}`);
        }
        lastId = Math.max(lastId, id);
        const data = JSON.parse(message.data) as { seq?: unknown; type?: unknown };
        if (data.seq !== id) bad = `frame id ${id} carries seq ${String(data.seq)}`;
        if (data.type === 'final') sawFinal = true;
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      if (signal.aborted) return ended(opts, runId, startedAt, deadline.aborted);
      // reset mid-stream: resumed below like any early close
    }
    if (bad) return broken(opts, runId, bad);
  }
  stats.completed++;
}

function ended(opts: FollowerOptions, runId: string, startedAt: number, timedOut: boolean): void {
  if (timedOut) opts.stats.timedOut.push({ runId, startedAt });
  else opts.stats.cutAtEnd++;
}

function broken(opts: FollowerOptions, runId: string, why: string): void {
  opts.stats.broken++;
  opts.recorder.example(`stream ${runId}: ${why}`);
}
