import { freePort } from '@steadfast/devstack';
import { startApi, startWorker, suiteConfig, useSuite, type WorkerProcess } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { sampleWith, samplesOf } from '../support/prometheus-text';
import { ApiConfig } from '../../apps/api/src/config/api-config';
import { eventually } from '../support/eventually';
import type { OpenApiDocument } from '../support/api-types';

const RUNS = 5;

async function metrics(url: string): Promise<string> {
  return (await fetch(url)).text();
}

/** Reads `read` until `accepted` says yes, or fails showing the last reading. */
function readUntil<T>(what: string, read: () => Promise<T>, accepted: (value: T) => boolean): Promise<T> {
  return eventually(
    async () => {
      const value = await read();
      if (!accepted(value)) throw new Error(`last seen ${JSON.stringify(value)}`);
      return value;
    },
    { timeoutMs: 45_000, intervalMs: 250, message: what },
  );
}

describe('the run task queue backlog on /metrics and /health', () => {
  // Temporal caches a task queue's stats for about 5 s itself; the API's own cache is shortened so the test waits on the server's only.
  const ctx = useSuite({ BACKLOG_CHECK_INTERVAL_MS: '500', BACKLOG_WARN_AGE_MS: '1000' });
  let worker: WorkerProcess | undefined;
  afterAll(() => worker?.kill());

  it('shows runs waiting while no worker polls, warns once they have waited, and drains to 0 when a worker is back', async () => {
    const taskQueue = ctx.suite.config.temporal.taskQueue;
    const backlogOf = (text: string, type: 'workflow' | 'activity') => sampleWith(text, 'steadfast_task_queue_backlog', { task_queue: taskQueue, type });
    await ctx.suite.worker.kill();

    const ids: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { status, body } = await request(ctx.base, 'POST', '/api/runs', { name: `backlog-${i}`, start: true });
      expect(status).toBe(201);
      ids.push(body.run.id);
    }

    const scrape = () => metrics(`${ctx.base}/metrics`);
    const waiting = await readUntil('a workflow backlog of every run on /metrics', scrape, (text) => (backlogOf(text, 'workflow') ?? 0) >= RUNS);
    expect(sampleWith(waiting, 'steadfast_runs_waiting', { waiting_for: 'worker' })).toBeGreaterThanOrEqual(RUNS);
    expect(sampleWith(waiting, 'steadfast_runs_waiting', { waiting_for: 'tenant_slot' })).toBe(0);
    expect(sampleWith(waiting, 'steadfast_task_queue_stats_up', { task_queue: taskQueue })).toBe(1);
    expect(sampleWith(waiting, 'steadfast_task_queue_backlog_age_seconds', { task_queue: taskQueue, type: 'workflow' })).toBeGreaterThan(0);
    expect(backlogOf(waiting, 'activity')).toBe(0);

    const health = async () => (await request(ctx.base, 'GET', '/health')).body.backlog;
    const warned = await readUntil('a /health backlog warning', health, (backlog) => backlog.warning !== undefined);
    expect(warned).toMatchObject({ task_queue: taskQueue, activity_tasks: 0, queued_runs: 0, warn_age_ms: 1000 });
    expect(warned.workflow_tasks).toBeGreaterThanOrEqual(RUNS);
    expect(warned.oldest_task_age_ms).toBeGreaterThan(1000);
    expect(warned.warning).toContain(`task queue "${taskQueue}"`);
    expect(warned.error).toBeUndefined();
    // Nobody has picked them up: the rows are still as the API wrote them.
    for (const id of ids) expect((await request(ctx.base, 'GET', `/api/runs/${id}`)).body.run.status).toBe('created');

    // Back with a slot setting of its own, which its metrics then show.
    worker = await startWorker(ctx.suite.config, { WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8' });
    for (const id of ids) expect((await waitForStatus(ctx.base, id, ['completed', 'failed'])).status).toBe('completed');
    const drained = await readUntil('an empty backlog on /health', health, (backlog) => backlog.workflow_tasks === 0 && backlog.activity_tasks === 0);
    expect(drained.warning).toBeUndefined();
    expect(drained.oldest_task_age_ms).toBe(0);
    const after = await metrics(`${ctx.base}/metrics`);
    expect(backlogOf(after, 'workflow')).toBe(0);
    expect(sampleWith(after, 'steadfast_runs_waiting', { waiting_for: 'worker' })).toBe(0);

    // The same wait as the worker saw it: the SDK's schedule-to-start histogram (milliseconds) has every first task late.
    const workerText = await metrics(worker.metricsUrl);
    const latency = (suffix: string, labels: Record<string, string> = {}) =>
      sampleWith(workerText, `temporal_workflow_task_schedule_to_start_latency_${suffix}`, { task_queue: taskQueue, ...labels }) ?? 0;
    expect(latency('count') - latency('bucket', { le: '1000' })).toBeGreaterThanOrEqual(RUNS);
    // Buckets below the SDK's 100 ms, where a healthy queue's tasks sit.
    expect(sampleWith(workerText, 'temporal_workflow_task_schedule_to_start_latency_bucket', { task_queue: taskQueue, le: '10' })).toBeDefined();
    expect(samplesOf(workerText, 'temporal_activity_schedule_to_start_latency_count').length).toBeGreaterThan(0);
    const slots = (gauge: string) => sampleWith(workerText, gauge, { task_queue: taskQueue, worker_type: 'WorkflowWorker' }) ?? 0;
    expect(slots('temporal_worker_task_slots_available') + slots('temporal_worker_task_slots_used')).toBe(8);
  });
});

describe('the backlog while Temporal does not answer', () => {
  it('keeps /metrics and /health answering: the task queue gauges are left out, stats_up says 0, /health says why, as documented', async () => {
    const api = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, BACKLOG_CHECK_INTERVAL_MS: '60000' }));
    try {
      const taskQueue = api.app.get(ApiConfig).values.temporal.taskQueue;
      const scrape = await fetch(`${api.url}/metrics`);
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      expect(samplesOf(text, 'steadfast_task_queue_backlog')).toEqual([]);
      expect(sampleWith(text, 'steadfast_task_queue_stats_up', { task_queue: taskQueue })).toBe(0);
      expect(sampleWith(text, 'steadfast_runs_waiting', { waiting_for: 'tenant_slot' })).toBe(0);
      expect(sampleWith(text, 'steadfast_runs_waiting', { waiting_for: 'worker' })).toBeUndefined();
      // The failed check is reused for the interval: later reads neither wait on Temporal nor ask it again.
      const started = Date.now();
      const { status, body } = await request(api.url, 'GET', '/health');
      expect(Date.now() - started).toBeLessThan(500);
      expect(status).toBe(200);
      expect(body.backlog).toMatchObject({ task_queue: taskQueue, workflow_tasks: null, activity_tasks: null, oldest_task_age_ms: null, queued_runs: 0 });
      expect(body.backlog.error).toMatch(/^The last backlog check could not read everything: Temporal: /);

      const openapi = (await request<OpenApiDocument>(api.url, 'GET', '/docs/openapi.json')).body;
      expect(openapi.paths['/health'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/HealthResponseDto' });
      expect(openapi.components.schemas.HealthResponseDto.properties.backlog).toEqual({ $ref: '#/components/schemas/BacklogDto' });
      expect(Object.keys(openapi.components.schemas.BacklogDto.properties)).toEqual(
        expect.arrayContaining(['task_queue', 'workflow_tasks', 'activity_tasks', 'oldest_task_age_ms', 'queued_runs', 'checked_at', 'warning', 'error']),
      );
    } finally {
      await api.close();
    }
  });
});
