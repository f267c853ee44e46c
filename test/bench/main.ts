import type { Client } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@steadfast/devstack';
import { BASELINE_APPROVAL_WORKFLOW_TYPE, BASELINE_WORKFLOW_TYPE, baselineGoSignal } from '@steadfast/engine';
import { DEFAULT_TASK_QUEUE } from '@steadfast/config';
import { startThrowawayStack, stopProcess } from '../tools/throwaway-stack';
import { rawRunStart } from './raw-run-start';
import { measureSseFanout, type FanoutResult } from './sse-fanout';
import { pool, summarise } from './stats';
import { eventually } from '../support/eventually';

/**
 * `npm run bench`: one stack (embedded Postgres, Temporal dev server, one worker process, one API
 * process), then Steadfast against bare Temporal on the same server, worker and concurrency: starts (API,
 * raw starts of the API's own run workflow, raw starts of a bare one), a 10-node linear DAG, a 50-node
 * fan-out DAG, an approval, and live SSE streams fanned out to many subscribers.
 */
const ROOT = join(__dirname, '..', '..', '..');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const STARTS = Number(process.env.BENCH_STARTS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DAG_RUNS = Number(process.env.BENCH_DAG_RUNS ?? 20);
const FANOUT_RUNS = Number(process.env.BENCH_FANOUT_RUNS ?? 20);
const FANOUT_WIDTH = Number(process.env.BENCH_FANOUT_WIDTH ?? 50);
const APPROVAL_RUNS = Number(process.env.BENCH_APPROVAL_RUNS ?? 20);
const SSE_SUBSCRIBERS = Number(process.env.BENCH_SSE_SUBSCRIBERS ?? 1000);
const SSE_RUNS = Number(process.env.BENCH_SSE_RUNS ?? 10);
const SSE_CHAIN = Number(process.env.BENCH_SSE_CHAIN ?? 40);
const SSE_DELAY_MS = Number(process.env.BENCH_SSE_DELAY_MS ?? 400);
// With a join, one transform node (no activity) waits for every branch; the bare side has no equivalent.
const FANOUT_JOIN = process.env.BENCH_FANOUT_JOIN === '1';

// BENCH_PROFILE_DIR=/some/dir writes V8 CPU profiles of the API and worker processes there.
const PROFILE = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

async function waitReady(url: string): Promise<void> {
  await eventually(
    async () => {
      if (!(await fetch(`${url}/ready`)).ok) throw new Error('not ready');
    },
    { timeoutMs: 20_000, intervalMs: 100, message: 'the API to become ready' },
  );
}

async function postRun(api: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(`${api}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /api/runs answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { run: { id: string } }).run;
}

async function json<T>(api: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls until `probe` answers something, outside any timing. */
function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error('no answer yet');
      return value;
    },
    { timeoutMs: 10_000, intervalMs: 25, message: 'an answer' },
  );
}

/** Waits until no workflow of the stack is still open, so one phase's tail does not slow the next. */
async function drain(client: Client): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { count } = await client.workflow.count('ExecutionStatus = "Running"');
    if (count === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  const stack = await startThrowawayStack('bench', { env: { TEMPORAL_TASK_QUEUE: DEFAULT_TASK_QUEUE }, nodeArgs: PROFILE });
  const { client } = stack;
  const apiPort = await freePort();
  const apiProcess = spawn(process.execPath, [...PROFILE, join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
    env: { ...stack.env, PORT: String(apiPort) },
    stdio: 'ignore',
  });
  const api = `http://127.0.0.1:${apiPort}`;
  await waitReady(api);
  const startBaseline = (id: string, activities: number) =>
    client.workflow.start(BASELINE_WORKFLOW_TYPE, { workflowId: id, taskQueue: DEFAULT_TASK_QUEUE, args: [activities] });
  const startRawRun = rawRunStart(client, DEFAULT_TASK_QUEUE);
  /** `runs` times, one after the other: a DAG run through the API to its end, then the bare workflow with `bare.args` to its end. */
  const timeAgainstBare = async (runs: number, dag: { namePrefix: string; workflow: unknown }, bare: { idPrefix: string; args: unknown[] }) => {
    const dagTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const run = await postRun(api, { name: `${dag.namePrefix}-${i}`, workflow: dag.workflow, start: true });
      await client.workflow.getHandle(run.id).result();
      dagTimes.push(performance.now() - t0);
      t0 = performance.now();
      await client.workflow.execute(BASELINE_WORKFLOW_TYPE, {
        workflowId: `${bare.idPrefix}-${i}-${Date.now()}`,
        taskQueue: DEFAULT_TASK_QUEUE,
        args: bare.args,
      });
      bareTimes.push(performance.now() - t0);
    }
    return { dagTimes, bareTimes };
  };

  try {
    // Warm-up: JIT, connection pools, sticky caches.
    await pool(40, CONCURRENCY, async (i) => void (await postRun(api, { name: `warm-${i}`, start: true })));
    await pool(40, CONCURRENCY, async (i) => void (await startBaseline(`warm-${i}-${Date.now()}`, 1)));
    await pool(40, CONCURRENCY, (i) => startRawRun(`warm-raw-${i}`, { i }));
    await drain(client);

    const createOnly = await pool(STARTS, CONCURRENCY, async (i) => void (await postRun(api, { name: `create-${i}`, input: { i } })));
    await drain(client);
    // Alternating rounds, each side after a drained server, so drift and order effects hit both sides alike.
    const apiRates: number[] = [];
    const rawRunRates: number[] = [];
    const rawRates: number[] = [];
    const createStartLatencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const apiRound = await pool(STARTS, CONCURRENCY, async (i) => void (await postRun(api, { name: `bench-${round}-${i}`, input: { i }, start: true })));
      apiRates.push((STARTS / apiRound.elapsedMs) * 1000);
      createStartLatencies.push(...apiRound.latencies);
      await drain(client);
      const rawRunRound = await pool(STARTS, CONCURRENCY, (i) => startRawRun(`bench-raw-${round}-${i}`, { i }));
      rawRunRates.push((STARTS / rawRunRound.elapsedMs) * 1000);
      await drain(client);
      const rawRound = await pool(STARTS, CONCURRENCY, async (i) => void (await startBaseline(`raw-${round}-${i}-${Date.now()}`, 1)));
      rawRates.push((STARTS / rawRound.elapsedMs) * 1000);
      await drain(client);
    }

    const linear = {
      nodes: Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, type: 'echo', config: { value: i }, depends_on: i === 0 ? [] : [`n${i - 1}`] })),
    };
    const { dagTimes, bareTimes } = await timeAgainstBare(DAG_RUNS, { namePrefix: 'linear', workflow: linear }, { idPrefix: 'bare', args: [10] });

    // Fan-out: one root echo, then FANOUT_WIDTH echoes in parallel, against a bare workflow running one
    // activity and then FANOUT_WIDTH in parallel: the same activities, so the gap is node scheduling.
    const fanOut = {
      nodes: [
        { id: 'root', type: 'echo', config: { value: 'go' } },
        ...Array.from({ length: FANOUT_WIDTH }, (_, i) => ({ id: `b${i}`, type: 'echo', config: { value: i }, depends_on: ['root'] })),
        ...(FANOUT_JOIN
          ? [
              {
                id: 'join',
                type: 'transform',
                config: { expression: `$count([${Array.from({ length: FANOUT_WIDTH }, (_, i) => `nodes.b${i}.output`).join(',')}])` },
                depends_on: Array.from({ length: FANOUT_WIDTH }, (_, i) => `b${i}`),
              },
            ]
          : []),
      ],
    };
    await drain(client);
    const { dagTimes: fanTimes, bareTimes: fanBareTimes } = await timeAgainstBare(
      FANOUT_RUNS,
      { namePrefix: 'fanout', workflow: fanOut },
      { idPrefix: 'bare-fan', args: [FANOUT_WIDTH, true, 1] },
    );

    // A human decision: from POST /decide to the run's end (the approved branch is one echo), against a bare
    // workflow blocked on a signal with a durable timer, from the signal to its end (then one echo).
    await drain(client);
    const gate = {
      nodes: [
        { id: 'gate', type: 'approval', config: { title: 'Bench', timeout: '10m' } },
        { id: 'go', type: 'echo', config: { value: 'approved' }, depends_on: ['gate'], when: 'approved' },
      ],
    };
    const decideTimes: number[] = [];
    const signalTimes: number[] = [];
    for (let i = 0; i < APPROVAL_RUNS; i++) {
      const run = await postRun(api, { name: `approval-${i}`, workflow: gate, start: true });
      const approval = await until(
        async () => (await json<{ approvals: { id: string }[] }>(api, 'GET', `/api/approvals?run_id=${run.id}&status=pending`)).approvals[0],
      );
      let t0 = performance.now();
      await json<unknown>(api, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve', decided_by: 'bench' });
      await client.workflow.getHandle(run.id).result();
      decideTimes.push(performance.now() - t0);
      const bare = await client.workflow.start(BASELINE_APPROVAL_WORKFLOW_TYPE, {
        workflowId: `bare-approval-${i}-${Date.now()}`,
        taskQueue: DEFAULT_TASK_QUEUE,
      });
      // Blocked on its timer once its first task completed.
      await until(async () => ((await bare.describe()).raw.pendingWorkflowTask ? undefined : true));
      t0 = performance.now();
      await bare.signal(baselineGoSignal);
      await bare.result();
      signalTimes.push(performance.now() - t0);
    }

    // Live streams: one subscriber per run (the yardstick), then many over the same number of runs.
    await drain(client);
    const sse = (subscribers: number) =>
      measureSseFanout({ api, apiPid: apiProcess.pid as number, runs: SSE_RUNS, subscribers, chain: SSE_CHAIN, delayMs: SSE_DELAY_MS });
    const sseFew = await sse(SSE_RUNS);
    await drain(client);
    const sseMany = await sse(SSE_SUBSCRIBERS);

    const apiRate = summarise(apiRates).p50;
    const rawRunRate = summarise(rawRunRates).p50;
    const rawRate = summarise(rawRates).p50;
    const create = summarise(createOnly.latencies);
    const createStart = summarise(createStartLatencies);
    const dag = summarise(dagTimes);
    const bare = summarise(bareTimes);
    const fan = summarise(fanTimes);
    const fanBare = summarise(fanBareTimes);
    const decide = summarise(decideTimes);
    const signal = summarise(signalTimes);
    const lines = [
      `Steadfast benchmark (concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds of ${STARTS} starts per side, ${DAG_RUNS} DAG runs;`,
      ' one stack: embedded Postgres, Temporal dev server, 1 worker, 1 API process, all on this machine)',
      '',
      `create-and-start through the API           ${fmt(apiRate)} runs/s        (median of ${apiRates.map((r) => fmt(r)).join(', ')})`,
      `raw client start of runWorkflow            ${fmt(rawRunRate)} runs/s        (median of ${rawRunRates.map((r) => fmt(r)).join(', ')})`,
      `raw client start of a bare workflow        ${fmt(rawRate)} workflows/s   (median of ${rawRates.map((r) => fmt(r)).join(', ')})`,
      `ratio API / raw runWorkflow (the API)      ${fmt(apiRate / rawRunRate, 2)}   (goal >= 0.90)      ` +
        `ratio raw runWorkflow / bare (the engine)   ${fmt(rawRunRate / rawRate, 2)}`,
      `ratio API / bare (both)                    ${fmt(apiRate / rawRate, 2)}`,
      '',
      `POST /api/runs (create)            p50 ${fmt(create.p50)} ms   p99 ${fmt(create.p99)} ms`,
      `POST /api/runs (create + start)    p50 ${fmt(createStart.p50)} ms   p99 ${fmt(createStart.p99)} ms`,
      '',
      `10-node linear echo DAG, end to end   p50 ${fmt(dag.p50)} ms   mean ${fmt(dag.mean)} ms`,
      `bare workflow, 10 activities         p50 ${fmt(bare.p50)} ms   mean ${fmt(bare.mean)} ms`,
      `ratio DAG / bare (p50)               ${fmt(dag.p50 / bare.p50, 2)}`,
      '',
      `${`fan-out DAG, 1 -> ${FANOUT_WIDTH} echoes${FANOUT_JOIN ? ' -> join' : ''}, end to end`.padEnd(45)}p50 ${fmt(fan.p50)} ms   mean ${fmt(fan.mean)} ms   (${FANOUT_RUNS} runs)`,
      `${`bare workflow, 1 then ${FANOUT_WIDTH} parallel activities`.padEnd(45)}p50 ${fmt(fanBare.p50)} ms   mean ${fmt(fanBare.mean)} ms`,
      `${'ratio fan-out DAG / bare (p50)'.padEnd(45)}${fmt(fan.p50 / fanBare.p50, 2)}`,
      '',
      `${'approval: POST /decide -> run completed'.padEnd(45)}p50 ${fmt(decide.p50)} ms   mean ${fmt(decide.mean)} ms   (${APPROVAL_RUNS} runs)`,
      `${'bare workflow: signal -> completed'.padEnd(45)}p50 ${fmt(signal.p50)} ms   mean ${fmt(signal.mean)} ms`,
      `${'ratio approval / bare (p50)'.padEnd(45)}${fmt(decide.p50 / signal.p50, 2)}`,
      '',
      `SSE fan-out over ${SSE_RUNS} live runs (each ${SSE_CHAIN} delays of ${SSE_DELAY_MS} ms), one API process:`,
      ...[sseFew, sseMany].map(
        (r: FanoutResult) =>
          `  ${String(r.subscribers).padStart(5)} subscribers   lag p50 ${fmt(r.lagP50Ms, 0)} ms   p99 ${fmt(r.lagP99Ms, 0)} ms   max ${fmt(r.lagMaxMs, 0)} ms   ` +
          `${fmt(r.kbPerSubscriber)} KB/subscriber   ${r.queries} queries (${fmt(r.queriesPerRunSecond, 2)} per run per s)   ${r.events} events, ${r.broken} broken streams`,
      ),
      `  ${'ratio p99 lag many / few'.padEnd(43)}${fmt(sseMany.lagP99Ms / sseFew.lagP99Ms, 2)}   (goals at 1000: p99 <= 150 ms, <= 30 KB/subscriber)   ` +
        `ratio queries many / few ${fmt(sseMany.queries / Math.max(1, sseFew.queries), 2)}`,
    ];
    console.log(lines.join('\n'));
    const starts = { apiRates, rawRunRates, rawRates, apiRate, rawRunRate, rawRate, apiCostRatio: apiRate / rawRunRate, engineCostRatio: rawRunRate / rawRate };
    console.log(
      `\n${JSON.stringify({ ...starts, startRatio: apiRate / rawRate, create, createStart, dag, bare, dagRatio: dag.p50 / bare.p50, fan, fanBare, fanRatio: fan.p50 / fanBare.p50, decide, signal, approvalRatio: decide.p50 / signal.p50, sseFew, sseMany })}`,
    );
  } finally {
    await stopProcess(apiProcess);
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
