import { IDEMPOTENCY_PURGE_SCHEDULE_ID } from '@steadfast/engine';
import { openDatabase, startSuite, temporalClient, useSuite } from '../support/harness';
import { ulid } from 'ulid';
import { defaultDag } from '@steadfast/domain';
import { RunRepository } from '@steadfast/persistence';
import { requestHash } from '../../apps/api/src/runs/request-hash';
import { request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';

describe('run API: idempotency', () => {
  const ctx = useSuite();

  const token = () => `tok_${Date.now()}_${Math.random().toString(36).slice(2, 10)}`;

  it('returns the original run with 200 and idempotent: true for a repeated client_token', async () => {
    const body = { name: 'once', input: 'same', client_token: token() };
    const first = await request(ctx.base, 'POST', '/api/runs', body);
    expect(first.status).toBe(201);
    expect(first.body.idempotent).toBeUndefined();
    const second = await request(ctx.base, 'POST', '/api/runs', body);
    expect(second.status).toBe(200);
    expect(second.body.idempotent).toBe(true);
    expect(second.body.run.id).toBe(first.body.run.id);
    expect(second.body.run.client_token).toBe(body.client_token);
  });

  it('accepts the token as an Idempotency-Key header', async () => {
    const key = token();
    const first = await request(ctx.base, 'POST', '/api/runs', { name: 'by header' }, { 'idempotency-key': key });
    const second = await request(ctx.base, 'POST', '/api/runs', { name: 'by header' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.run.id).toBe(first.body.run.id);
    expect(first.body.run.client_token).toBe(key);
    const bad = await request(ctx.base, 'POST', '/api/runs', { name: 'by header' }, { 'idempotency-key': 'no' });
    expect(bad.status).toBe(422);
  });

  it('refuses the same token with a different body with 422 and creates nothing', async () => {
    const clientToken = token();
    const first = await request(ctx.base, 'POST', '/api/runs', { name: 'a', input: 'one', client_token: clientToken, tags: [clientToken] });
    const other = await request(ctx.base, 'POST', '/api/runs', { name: 'a', input: 'two', client_token: clientToken, tags: [clientToken] });
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('Idempotency key reused with a different request body');
    const listed = await request(ctx.base, 'GET', `/api/runs?tag=${clientToken}`);
    expect(listed.body.runs.map((r) => r.id)).toEqual([first.body.run.id]);
  });

  it('makes exactly one run from fifty identical requests in parallel', async () => {
    const clientToken = token();
    const body = { name: 'stampede', input: { n: 1 }, client_token: clientToken, tags: [clientToken], start: true };
    const responses = await Promise.all(Array.from({ length: 50 }, () => request(ctx.base, 'POST', '/api/runs', body)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(responses.map((r) => r.body.run.id)).size).toBe(1);
    const listed = await request(ctx.base, 'GET', `/api/runs?tag=${clientToken}`);
    expect(listed.body.runs).toHaveLength(1);
    const metrics = await request<string>(ctx.base, 'GET', '/metrics');
    expect(Number(/idempotency_hits_total (\d+)/.exec(metrics.body)?.[1])).toBeGreaterThanOrEqual(49);
  });

  it('starts the run of a retried create-and-start whose first attempt died after writing the run', async () => {
    const clientToken = token();
    const body = { name: 'retry', client_token: clientToken, start: true };
    // What a crash between the insert and the workflow start leaves behind: the run and its key, not started.
    const db = await openDatabase(ctx.suite.config);
    const runId = `run-${ulid()}`;
    try {
      const written = await new RunRepository(db).create(
        { id: runId, tenant: 'default', name: 'retry', status: 'created', input: null, tags: [], clientToken, dag: defaultDag() },
        { token: clientToken, requestHash: requestHash(body), ttlMs: 60_000 },
      );
      expect(written.kind).toBe('created');
    } finally {
      await db.destroy();
    }
    const retried = await request(ctx.base, 'POST', '/api/runs', body);
    expect(retried.status).toBe(200);
    expect(retried.body.run.id).toBe(runId);
    expect(retried.body.run.status).toBe('running');
    await waitForStatus(ctx.base, runId, ['completed']);
  });

  it('expires keys after IDEMP_TTL_MS, and the Temporal Schedule purges them', async () => {
    const shortTtl = await startSuite({ IDEMP_TTL_MS: '300' });
    const db = await openDatabase(shortTtl.config);
    const temporal = await temporalClient(shortTtl.config);
    try {
      const clientToken = token();
      const first = await request(shortTtl.api.url, 'POST', '/api/runs', { name: 'ttl', client_token: clientToken });
      await new Promise((r) => setTimeout(r, 500));
      const second = await request(shortTtl.api.url, 'POST', '/api/runs', { name: 'ttl', client_token: clientToken });
      expect(second.status).toBe(201);
      expect(second.body.run.id).not.toBe(first.body.run.id);

      await request(shortTtl.api.url, 'POST', '/api/runs', { name: 'ttl', client_token: token() });
      await new Promise((r) => setTimeout(r, 500));
      const expiredBefore = Number((await db.query<{ count: string }[]>(`SELECT count(*) FROM idempotency_keys WHERE expires_at <= now()`))[0].count);
      expect(expiredBefore).toBeGreaterThan(0);
      // The worker created the schedule at start-up; trigger it now instead of waiting ten minutes.
      const schedule = temporal.client.schedule.getHandle(IDEMPOTENCY_PURGE_SCHEDULE_ID);
      const description = await schedule.describe();
      expect(description.action.type).toBe('startWorkflow');
      // Point the schedule at this suite's worker for the trigger.
      await schedule.update((prev) => ({ ...prev, action: { ...prev.action, taskQueue: shortTtl.config.temporal.taskQueue } }));
      await schedule.trigger();
      await eventually(
        async () => expect(Number((await db.query<{ count: string }[]>(`SELECT count(*) FROM idempotency_keys WHERE expires_at <= now()`))[0].count)).toBe(0),
        {
          timeoutMs: 10_000,
          intervalMs: 100,
          message: 'the purge to delete the expired keys',
        },
      );
      const metrics = await request(shortTtl.api.url, 'GET', '/metrics');
      expect(metrics.body).toMatch(/idempotency_store_size \d+/);
    } finally {
      await temporal.close();
      await db.destroy();
      await shortTtl.stop();
    }
  });
});
