import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { checkRunInvariants } from '../support/run-invariants';
import { OpenLoop } from './open-loop';
import { Recorder } from './recorder';
import { sampleProcesses, type ProcessRef } from './process-sampler';
import type { SoakResult } from './soak-result';
import type { SoakOptions } from './soak-options';
import { emptyStreamStats, followStreams, type StreamStats } from './sse-follower';
import { ROUTES, Traffic } from './traffic';
import type { RouteSummary } from './recorder';

export interface SoakStack {
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  api: string;
  db: DataSource;
  client: Client;
  /** Process name -> pid (or pids, added up), asked for at every RSS and CPU sample: a restarted worker has a new pid. */
  processes(): Record<string, ProcessRef>;
  /** Needed for killWorkerAtS: SIGKILL the worker, start a new one. */
  restartWorker?(): Promise<void>;
}

/* A stream gave up at its deadline; if its run had ended well before, the final event was there to send. */
const MISSED_FINAL_SLACK_MS = 5_000;

/** The stress profile against a running stack: open-loop creates, replays, cancels, reads and SSE followers, then the invariant check. */
export async function runSoak(options: SoakOptions, stack: SoakStack): Promise<SoakResult> {
  if (options.killWorkerAtS !== undefined && !stack.restartWorker) throw new Error('killWorkerAtS needs a stack that can restart its worker');
  const log = options.log ?? (() => undefined);
  const tag = `soak-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const recorder = new Recorder();
  const loop = new OpenLoop(options.maxInFlight);
  const traffic = new Traffic(stack.api, tag, options, loop, recorder);
  const loadAtStart = loadavg()[0];
  const startedAt = performance.now();
  const endAt = startedAt + options.durationS * 1000;
  const processes = sampleProcesses(() => stack.processes(), startedAt);
  const streams = emptyStreamStats();
  const stopStreams = new AbortController();
  const followers = Array.from({ length: options.sseClients }, () =>
    followStreams({
      api: stack.api,
      recorder,
      stats: streams,
      timeoutMs: options.streamTimeoutMs,
      pick: () => traffic.recent(2 * options.sseClients),
      stopPicking: () => performance.now() >= endAt,
      stop: stopStreams.signal,
    }),
  );

  let restart: WorkerRestart | undefined;
  const killAtS = options.killWorkerAtS;
  const killTimer = killAtS === undefined ? undefined : setTimeout(() => (restart = restartWorker(stack, killAtS, log)), killAtS * 1000);
  const progress = setInterval(() => {
    const at = Math.round((performance.now() - startedAt) / 1000);
    const requests = `${loop.sent} requests (${loop.active} in flight, ${loop.dropped} dropped)`;
    log(`t=${at}s ${requests}, ${traffic.runs.length} runs, ${streams.completed} streams done, errors ${JSON.stringify(recorder.errors)}`);
  }, 10_000);

  try {
    await Promise.all([loop.every(options.rate, endAt, () => traffic.create()), loop.every(options.readRate, endAt, () => traffic.read())]);
    const loadS = (performance.now() - startedAt) / 1000;
    clearTimeout(killTimer);
    await loop.drain();
    await restart?.done;
    log(`load done after ${loadS.toFixed(1)} s; waiting up to ${options.settleS} s for the soak's runs to finish`);
    const settle = await waitSettled(stack.db, tag, options.settleS);
    clearInterval(progress);
    stopStreams.abort();
    await Promise.all(followers);
    const samples = await processes.stop();

    const ids = [...new Set([...(await runIdsTagged(stack.db, tag)), ...traffic.runs])];
    log(`checking ${ids.length} runs`);
    const invariants = await checkRunInvariants({ db: stack.db, client: stack.client, runIds: ids, expectSettled: true });
    const byStatus = await runsByStatus(stack.db, tag);
    const missedFinals = await streamsThatMissedFinal(stack.db, streams, options.streamTimeoutMs);
    for (const runId of missedFinals) recorder.example(`stream ${runId}: no final event by its deadline, though the run had ended`);

    const errors = {
      ...recorder.errors,
      streams: streams.gaps + streams.duplicates + streams.broken + missedFinals.length,
      workerRestart: restart?.error ? 1 : 0,
    };
    const routes = recorder.summary();
    const totalErrors = Object.values(errors).reduce((a, b) => a + b, 0);
    return {
      options: { ...options, log: undefined },
      tag,
      machine: { cores: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg()[0] },
      loadS,
      requests: {
        sent: loop.sent,
        dropped: loop.dropped,
        ratePerS: loop.sent / loadS,
        createsPerS: count(routes, ROUTES.create, ROUTES.replay) / loadS,
        readsPerS: count(routes, ROUTES.get, ROUTES.list) / loadS,
      },
      routes,
      idempotencyHits: traffic.idempotencyHits,
      cancels: { accepted: traffic.cancelsAccepted, refused: traffic.cancelsRefused },
      streams: { ...streams, timedOut: streams.timedOut.length, missedFinals: missedFinals.length },
      processes: samples,
      workerRestart: restart ? { atS: restart.atS, tookS: restart.tookS ?? null, error: restart.error ?? null } : null,
      runs: {
        created: traffic.runs.length,
        inDatabase: ids.length,
        byStatus,
        unknownToClient: ids.length - traffic.runs.length,
        settledAfterS: settle.waitedS,
        stillOpenAfterSettle: settle.open,
      },
      invariants,
      errors: { ...errors, total: totalErrors },
      errorExamples: recorder.examples,
      ok: invariants.ok && totalErrors === 0,
    };
  } finally {
    clearTimeout(killTimer);
    clearInterval(progress);
    stopStreams.abort();
    await processes.stop();
  }
}

const count = (routes: Record<string, RouteSummary>, ...names: string[]) => names.reduce((sum, name) => sum + (routes[name]?.n ?? 0), 0);

interface WorkerRestart {
  atS: number;
  done: Promise<void>;
  tookS?: number;
  error?: string;
}

function restartWorker(stack: SoakStack, atS: number, log: (line: string) => void): WorkerRestart {
  log(`t=${atS}s SIGKILL to the worker, starting a new one`);
  const began = performance.now();
  const record: WorkerRestart = { atS, done: Promise.resolve() };
  record.done = (stack.restartWorker as () => Promise<void>)().then(
    () => void (record.tookS = (performance.now() - began) / 1000),
    (err: Error) => void (record.error = err.message),
  );
  return record;
}

async function waitSettled(db: DataSource, tag: string, settleS: number): Promise<{ waitedS: number; open: number }> {
  const began = performance.now();
  for (;;) {
    const [{ open }]: { open: number }[] = await db.query(`SELECT count(*)::int AS open FROM runs WHERE tags @> ARRAY[$1]::text[] AND NOT (status = ANY($2))`, [
      tag,
      TERMINAL_RUN_STATUSES,
    ]);
    const waitedS = (performance.now() - began) / 1000;
    if (open === 0 || waitedS >= settleS) return { waitedS, open };
    await sleep(500);
  }
}

/** How the soak's runs ended, and how long each took from creation to its end (seconds). */
async function runsByStatus(db: DataSource, tag: string): Promise<SoakResult['runs']['byStatus']> {
  const rows: { status: string; n: number; p50: number | null; p95: number | null; max: number | null }[] = await db.query(
    `WITH r AS (SELECT status, extract(epoch FROM completed_at - created_at)::float8 AS s FROM runs WHERE tags @> ARRAY[$1]::text[])
     SELECT status, count(*)::int AS n, max(s) AS max,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY s) AS p95
       FROM r GROUP BY status ORDER BY count(*) DESC`,
    [tag],
  );
  return Object.fromEntries(rows.map((row) => [row.status, { n: row.n, p50S: row.p50, p95S: row.p95, maxS: row.max }]));
}

/** Every run carrying `tag`, whether or not its client learnt of it. */
export async function runIdsTagged(db: DataSource, tag: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(`SELECT id FROM runs WHERE tags @> ARRAY[$1]::text[]`, [tag]);
  return rows.map((row) => row.id);
}

async function streamsThatMissedFinal(db: DataSource, streams: StreamStats, timeoutMs: number): Promise<string[]> {
  if (streams.timedOut.length === 0) return [];
  const ids = streams.timedOut.map((s) => s.runId);
  const rows: { id: string; completed_at: Date | null }[] = await db.query(`SELECT id, completed_at FROM runs WHERE id = ANY($1)`, [ids]);
  const endedAt = new Map(rows.map((row) => [row.id, row.completed_at?.getTime()]));
  return streams.timedOut.filter((s) => (endedAt.get(s.runId) ?? Infinity) < s.startedAt + timeoutMs - MISSED_FINAL_SLACK_MS).map((s) => s.runId);
}
