import { randomUUID } from 'node:crypto';
import { freePort } from '@steadfast/devstack';
import { Steadfast, SteadfastError, type RunEvent } from '@steadfast/sdk';
import { startApi, useSuite, type RunningApi } from '../support/harness';
import { gated } from '../support/approvals';
import { eventually } from '../support/eventually';

const steps = (count: number, duration: string) => ({
  nodes: Array.from({ length: count }, (_, i) => ({ id: `step${i}`, type: 'delay', config: { duration }, depends_on: i === 0 ? [] : [`step${i - 1}`] })),
});

async function rejection(promise: Promise<unknown>): Promise<SteadfastError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SteadfastError)) throw new Error(`expected a SteadfastError, got ${String(error)}`);
  return error;
}

/** The SDK against the real API, worker, Temporal and Postgres. */
describe('@steadfast/sdk', () => {
  const ctx = useSuite({ SSE_POLL_INTERVAL_MS: '100' });
  const sf = () => new Steadfast({ baseUrl: ctx.base });

  it('creates a run with an idempotency key, and a replay of the key answers with the same run', async () => {
    const key = `sdk-${randomUUID()}`;
    const first = await sf().runs.create({ name: 'keyed', workflow: { nodes: [{ id: 'e', type: 'echo', config: { value: 1 } }] } }, { idempotencyKey: key });
    const again = await sf().runs.create({ name: 'keyed', workflow: { nodes: [{ id: 'e', type: 'echo', config: { value: 1 } }] } }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ name: 'keyed', status: 'created', client_token: key });
  });

  it('lists every run across pages, fetching the next page as iteration reaches it', async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await sf().runs.create({ name: `paged ${i}`, tags: [tag] })).id);
    const seen: string[] = [];
    for await (const run of sf().runs.list({ tag, limit: 2 })) seen.push(run.id);
    expect([...seen].sort()).toEqual([...created].sort());
    let pages = 0;
    for await (const page of sf().runs.list({ tag, limit: 2 }).pages()) {
      pages++;
      expect(page.runs.length).toBeLessThanOrEqual(2);
    }
    expect(pages).toBe(3);
    expect(await sf().runs.list({ tag, status: 'completed' }).toArray()).toEqual([]);
  });

  it('waits for a run to finish, and reads its nodes, events and definition', async () => {
    const run = await sf().runs.create({ name: 'waited', workflow: steps(2, '100ms'), start: true });
    const done = await sf().runs.wait(run.id, { timeoutMs: 60_000 });
    expect(done).toMatchObject({ id: run.id, status: 'completed' });
    expect((await sf().runs.nodes(run.id)).map((n) => [n.id, n.status])).toEqual([
      ['step0', 'completed'],
      ['step1', 'completed'],
    ]);
    const page = await sf().runs.events(run.id, { after: 0 });
    expect(page.events.map((e) => e.seq)).toEqual(page.events.map((_, i) => i + 1));
    expect(page.events.at(-1)?.type).toBe('final');
    expect((await sf().runs.definition(run.id)).revision).toBe(0);
    // Already finished: wait answers at once.
    expect((await sf().runs.wait(run.id)).status).toBe('completed');
  });

  it('reports a timeout of wait as a SteadfastError', async () => {
    const run = await sf().runs.create({ name: 'slow', workflow: steps(1, '5s'), start: true });
    const error = await rejection(sf().runs.wait(run.id, { timeoutMs: 300 }));
    expect(error).toMatchObject({ status: 0, error: `Run ${run.id} did not finish within 300 ms` });
    await sf().runs.cancel(run.id);
  });

  it('decides an approval through the SDK, and the run goes on', async () => {
    const run = await sf().runs.create({ name: 'gated', workflow: gated({ approvers: [] }), input: { release: '2026.12' }, start: true });
    const approval = await eventually(async () => {
      const [pending] = await sf().approvals.list({ run_id: run.id, status: 'pending' }).toArray();
      if (!pending) throw new Error('no pending approval yet');
      return pending;
    });
    expect(await sf().approvals.get(approval.id)).toMatchObject({ id: approval.id, node_id: 'gate', status: 'pending' });
    const decided = await sf().approvals.decide(approval.id, { decision: 'approve', decided_by: 'sdk', comment: 'ok' });
    expect(decided).toMatchObject({ status: 'approved', decided_by: 'sdk' });
    expect((await sf().runs.wait(run.id, { timeoutMs: 60_000 })).status).toBe('completed');
  });

  it('throws SteadfastError with the API envelope for 404, 409 and 422', async () => {
    const missing = await rejection(sf().runs.get('run-does-not-exist'));
    expect(missing).toMatchObject({ status: 404, name: 'SteadfastError' });
    expect(missing.error).toMatch(/not found/i);

    const run = await sf().runs.create({ name: 'twice', start: true });
    const conflict = await rejection(sf().runs.start(run.id));
    expect(conflict).toMatchObject({ status: 409, error: 'Run already started' });

    const invalid = await rejection(sf().runs.create({ name: 'bad', workflow: { nodes: [{ id: 'b', type: 'delay', config: { duration: 'soon' } }] } }));
    expect(invalid.status).toBe(422);
    expect(invalid.details?.join('\n')).toMatch(/node "b"/);
    expect(invalid.body).toMatchObject({ error: invalid.error, details: invalid.details });
  });

  it('streams every event once and in order, resuming across an API restart on the same port', async () => {
    const port = await freePort();
    let api: RunningApi = await startApi(ctx.suite.config, port);
    try {
      const client = new Steadfast({ baseUrl: api.url });
      const run = await client.runs.create({ name: 'restarted stream', workflow: steps(6, '300ms'), start: true });
      const events: RunEvent[] = [];
      let connections = 0;
      for await (const event of client.runs.stream(run.id, { onConnected: () => connections++, reconnect: { giveUpAfterMs: 30_000 } })) {
        events.push(event);
        if (events.length === 3) {
          // The API process goes away mid-stream and comes back on the same address a moment later.
          await api.close();
          await new Promise((resolve) => setTimeout(resolve, 500));
          api = await startApi(ctx.suite.config, port);
        }
      }
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.at(-1)).toMatchObject({ type: 'final', status: 'completed' });
      expect(events.filter((e) => e.type === 'node_completed').map((e) => e.node_id)).toEqual(['step0', 'step1', 'step2', 'step3', 'step4', 'step5']);

      // Resumed past final, the stream is over at once (a 204).
      const after: RunEvent[] = [];
      for await (const event of client.runs.stream(run.id, { lastEventId: events.length })) after.push(event);
      expect(after).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('gives up on a stream whose API does not come back, with a SteadfastError', async () => {
    const port = await freePort();
    const api = await startApi(ctx.suite.config, port);
    const client = new Steadfast({ baseUrl: api.url });
    const run = await client.runs.create({ name: 'abandoned stream', workflow: steps(1, '5s'), start: true });
    const error = await rejection(
      (async () => {
        for await (const event of client.runs.stream(run.id, { reconnect: { giveUpAfterMs: 1_000 } })) if (event.seq === 1) await api.close();
      })(),
    );
    expect(error).toMatchObject({ status: 0, error: `Gave up on the event stream of run ${run.id}` });
    await sf().runs.cancel(run.id);
  });
});
