import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { createTestKey } from '../support/api-keys';
import { openDatabase, startApi, temporalClient, useSuite, type RunningApi } from '../support/harness';
import { request as rawRequest, waitForStatus as rawWaitForStatus } from '../support/http';
import { eventually } from '../support/eventually';

/*
 * The per-tenant running cap on the real stack (cap 1). Every test works in a tenant of its own, through
 * a key of that tenant, so runs other suites left active in theirs do not take its slot.
 */
const slow = (ms: number) => ({ name: 'queued', workflow: { nodes: [{ id: 'wait', type: 'delay', config: { duration: `${ms}ms` } }] } });

describe('per-tenant running cap', () => {
  const ctx = useSuite({ MAX_RUNNING_RUNS_PER_TENANT: '1', RUN_QUEUE_POLL_MS: '200', AUTH_DISABLED: 'false' });
  let db: DataSource;
  /** The key of the current test's tenant: every request below sends it. */
  let auth: Record<string, string> = {};
  const request = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    rawRequest(base, method, path, body, { ...auth, ...headers });
  const waitForStatus = (base: string, id: string, statuses: readonly string[], timeoutMs?: number) => rawWaitForStatus(base, id, statuses, timeoutMs, auth);

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
  });
  afterAll(() => db?.destroy());
  beforeEach(async () => {
    auth = (await createTestKey(db, { tenant: `queue-${randomUUID().slice(0, 8)}`, scopes: ['runs:read', 'runs:write'] })).auth;
  });

  /** Created (not started) runs of the test's tenant. */
  async function createInTenant(count: number, delayMs: number, base = ctx.base): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await request(base, 'POST', '/api/runs', slow(delayMs))).body.run.id);
    return ids;
  }

  const events = async (id: string) => (await request(ctx.base, 'GET', `/api/runs/${id}/events`)).body.events;

  it('queues runs started while the tenant is at its cap, and starts them one by one in order as slots free', async () => {
    const [a, b, c] = await createInTenant(3, 1500);
    const started = [];
    for (const id of [a, b, c]) started.push(await request(ctx.base, 'POST', `/api/runs/${id}/start`));
    expect(started.map((r) => [r.status, r.body.run.status])).toEqual([
      [200, 'running'],
      [200, 'queued'],
      [200, 'queued'],
    ]);
    // Queued is a status like any other: it has its event, and the list filter finds it.
    expect(await events(b)).toEqual([expect.objectContaining({ seq: 1, type: 'status_update', status: 'queued' })]);
    const listed = (await request(ctx.base, 'GET', '/api/runs?status=queued&limit=100')).body.runs.map((r) => r.id);
    expect(listed).toEqual(expect.arrayContaining([b, c]));
    // Starting a queued run again is a conflict, not a second place in the queue.
    expect((await request(ctx.base, 'POST', `/api/runs/${b}/start`)).status).toBe(409);

    // While a runs, b and c wait; then b alone; then c.
    const runB = await waitForStatus(ctx.base, b, ['running', ...TERMINAL_RUN_STATUSES], 30_000);
    expect(runB.status).toBe('running');
    expect((await request(ctx.base, 'GET', `/api/runs/${c}`)).body.run.status).toBe('queued');
    const runs = await Promise.all([a, b, c].map((id) => waitForStatus(ctx.base, id, TERMINAL_RUN_STATUSES, 30_000)));
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    const [ra, rb, rc] = runs;
    const at = (time: string | null) => Date.parse(String(time));
    expect(at(rb.started_at)).toBeGreaterThanOrEqual(at(ra.completed_at));
    expect(at(rc.started_at)).toBeGreaterThanOrEqual(at(rb.completed_at));

    // The queued status comes first in the run's history, and the workflow's events follow it without a gap.
    const history = await events(c);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.slice(0, 2).map((e) => e.status)).toEqual(['queued', 'running']);
    expect(history[history.length - 1]).toMatchObject({ type: 'final', status: 'completed' });
  });

  it('cancels a queued run at once, and its workflow never starts', async () => {
    const [holder, waiting] = await createInTenant(2, 1000);
    await request(ctx.base, 'POST', `/api/runs/${holder}/start`);
    expect((await request(ctx.base, 'POST', `/api/runs/${waiting}/start`)).body.run.status).toBe('queued');

    const canceled = await request(ctx.base, 'POST', `/api/runs/${waiting}/cancel`);
    expect(canceled.status).toBe(202);
    expect(canceled.body.run).toMatchObject({ status: 'canceled', canceled_at: expect.any(String) });
    expect((await events(waiting)).map((e) => [e.seq, e.type, e.status])).toEqual([
      [1, 'status_update', 'queued'],
      [2, 'status_update', 'canceled'],
      [3, 'final', 'canceled'],
    ]);

    expect((await waitForStatus(ctx.base, holder, TERMINAL_RUN_STATUSES, 30_000)).status).toBe('completed');
    // Well past the slot freeing: the dispatcher left the cancelled run alone.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await request(ctx.base, 'GET', `/api/runs/${waiting}`)).body.run.status).toBe('canceled');
    const temporal = await temporalClient(ctx.suite.config);
    try {
      await expect(temporal.client.workflow.getHandle(waiting).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    } finally {
      await temporal.close();
    }
  });

  it('puts create-and-start through the cap too', async () => {
    const first = await request(ctx.base, 'POST', '/api/runs', { ...slow(60_000), start: true });
    const second = await request(ctx.base, 'POST', '/api/runs', { ...slow(60_000), start: true }, { 'Idempotency-Key': `queue-${randomUUID()}` });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.run.status).toBe('running');
    expect(second.body.run.status).toBe('queued');
    for (const id of [second.body.run.id, first.body.run.id]) {
      expect((await request(ctx.base, 'POST', `/api/runs/${id}/cancel`)).status).toBe(202);
    }
    expect((await waitForStatus(ctx.base, second.body.run.id, TERMINAL_RUN_STATUSES)).status).toBe('canceled');
  });

  it("holds the cap across two API processes starting a tenant's runs at the same moment", async () => {
    let other: RunningApi | undefined;
    try {
      other = await startApi(ctx.suite.config);
      const ids = await createInTenant(4, 700);
      const bases = [ctx.base, other.url];
      const started = await Promise.all(ids.map((id, i) => request(bases[i % 2], 'POST', `/api/runs/${id}/start`)));
      expect(started.map((r) => r.body.run.status).sort()).toEqual(['queued', 'queued', 'queued', 'running']);

      // Sampled until all have finished: never two of the tenant's runs active at once.
      let most = 0;
      await eventually(
        async () => {
          const [row] = await db.query<{ active: number; done: number }[]>(
            `SELECT count(*) FILTER (WHERE status IN ('running', 'waiting_for_approval', 'canceling'))::int AS active,
                    count(*) FILTER (WHERE status IN ('completed', 'failed', 'canceled', 'timed_out'))::int AS done
               FROM runs WHERE id = ANY($1)`,
            [ids],
          );
          most = Math.max(most, row.active);
          expect(row.done).toBe(ids.length);
        },
        { timeoutMs: 60_000, intervalMs: 50, message: "the tenant's runs to finish" },
      );
      expect(most).toBe(1);
      const runs = await Promise.all(ids.map((id) => request(ctx.base, 'GET', `/api/runs/${id}`)));
      expect(runs.map((r) => r.body.run.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    } finally {
      await other?.close();
    }
  });

  it('reports queued runs in runs_by_status', async () => {
    const metrics = (await rawRequest<string>(ctx.base, 'GET', '/metrics')).body;
    expect(metrics).toMatch(/^runs_by_status\{status="queued"\} \d+$/m);
  });
});
