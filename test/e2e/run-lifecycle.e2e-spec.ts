import { temporalClient, useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';

describe('run lifecycle on Temporal', () => {
  const ctx = useSuite();

  it('creates a run in status created, then starts and completes it with the echoed input', async () => {
    const created = await request(ctx.base, 'POST', '/api/runs', { name: 'echo me', input: { hello: 'world' }, tags: ['lifecycle'] });
    expect(created.status).toBe(201);
    expect(created.body.success).toBe(true);
    const run = created.body.run;
    expect(run.id).toMatch(/^run-[0-9A-Z]{26}$/);
    expect(run.status).toBe('created');
    expect(run.temporal.workflow_id).toBe(run.id);

    const started = await request(ctx.base, 'POST', `/api/runs/${run.id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.run.status).toBe('running');
    expect(started.body.run.temporal.ui_url).toContain(`/workflows/${run.id}/${started.body.run.temporal.run_id}`);

    const done = await waitForStatus(ctx.base, run.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ hello: 'world' });
    expect(done.started_at).not.toBeNull();
    expect(done.completed_at).not.toBeNull();
  });

  it('answers a second start with 409 Run already started', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'twice', start: true });
    expect(body.run.status).toBe('running');
    const again = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/start`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'Run already started' });
  });

  it('lets only one of many concurrent starts through (Temporal workflow-id uniqueness)', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'racing starts' });
    const results = await Promise.all(Array.from({ length: 10 }, () => request(ctx.base, 'POST', `/api/runs/${body.run.id}/start`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('runs parallel branches and a join, and returns the sink output', async () => {
    const workflow = {
      nodes: [
        { id: 'a', type: 'echo', config: { value: 'A' } },
        { id: 'b', type: 'delay', config: { duration: '200ms' }, depends_on: ['a'] },
        { id: 'c', type: 'echo', config: { value: 'C' }, depends_on: ['a'] },
        { id: 'join', type: 'echo', config: { value: { joined: true } }, depends_on: ['b', 'c'] },
      ],
    };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'diamond', workflow, start: true });
    const done = await waitForStatus(ctx.base, body.run.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ joined: true });
    const events = (await request(ctx.base, 'GET', `/api/runs/${body.run.id}/events?limit=500`)).body.events;
    const order = events.filter((e) => e.type === 'node_completed').map((e) => e.node_id);
    expect(order[0]).toBe('a');
    expect(order[order.length - 1]).toBe('join');
    expect(events.map((e) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
  });

  it('fails the run when a fail node fails, with its message', async () => {
    const workflow = { nodes: [{ id: 'boom', type: 'fail', config: { message: 'planned failure' } }] };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'failing', workflow, start: true });
    const done = await waitForStatus(ctx.base, body.run.id, ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error).toContain('planned failure');
  });

  it('cancels a created run at once; it can then be neither started nor cancelled again', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'never started' });
    const canceled = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/cancel`);
    expect(canceled.status).toBe(202);
    expect(canceled.body.run.status).toBe('canceled');
    expect(canceled.body.run.canceled_at).not.toBeNull();
    expect((await request(ctx.base, 'POST', `/api/runs/${body.run.id}/cancel`)).body).toEqual({ error: 'Run already canceled' });
    const start = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/start`);
    expect(start.status).toBe(409);
    expect(start.body.error).toBe('Run already canceled');
  });

  it('cancels a run during a delay node: canceling, then canceled, with the timer cancelled in Temporal', async () => {
    const workflow = { nodes: [{ id: 'wait', type: 'delay', config: { duration: '10m' } }] };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'long wait', workflow, start: true });
    const temporal = await temporalClient(ctx.suite.config);
    try {
      const handle = temporal.client.workflow.getHandle(body.run.id);
      // Wait until the timer is really running before cancelling.
      await eventually(async () => expect((await handle.fetchHistory()).events?.some((e) => e.timerStartedEventAttributes)).toBe(true), {
        timeoutMs: 10_000,
        intervalMs: 100,
        message: 'the delay timer to start',
      });
      const cancel = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/cancel`);
      expect(cancel.status).toBe(202);
      expect(['canceling', 'canceled']).toContain(cancel.body.run.status);
      const done = await waitForStatus(ctx.base, body.run.id, ['canceled', 'completed', 'failed'], 30_000);
      expect(done.status).toBe('canceled');
      const history = await handle.fetchHistory();
      expect(history.events?.some((e) => e.timerCanceledEventAttributes)).toBe(true);
      expect((await handle.describe()).status.name).toBe('CANCELLED');
    } finally {
      await temporal.close();
    }
    const again = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('answers cancel on a completed run with 409 Run already finished', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'quick', start: true });
    await waitForStatus(ctx.base, body.run.id, ['completed']);
    const cancel = await request(ctx.base, 'POST', `/api/runs/${body.run.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body).toEqual({ error: 'Run already finished' });
  });

  it('keeps search attributes current, so Temporal can filter runs by status, name and tag', async () => {
    const tag = `sa-${Date.now()}`;
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'searchable', tags: [tag], start: true });
    await waitForStatus(ctx.base, body.run.id, ['completed']);
    const temporal = await temporalClient(ctx.suite.config);
    try {
      const ids = await eventually(
        async () => {
          const found: string[] = [];
          for await (const wf of temporal.client.workflow.list({
            query: `SteadfastRunStatus = "completed" AND SteadfastRunTags = "${tag}" AND SteadfastRunName = "searchable"`,
          }))
            found.push(wf.workflowId);
          expect(found.length).toBeGreaterThan(0);
          return found;
        },
        { timeoutMs: 10_000, intervalMs: 200, message: 'the run to be listed by its search attributes' },
      );
      expect(ids).toEqual([body.run.id]);
    } finally {
      await temporal.close();
    }
  });
});

describe('run deadline', () => {
  const ctx = useSuite();

  it('ends a run past its workflow.timeout as timed_out, and a run within it as completed', async () => {
    const slow = { timeout: '500ms', nodes: [{ id: 'wait', type: 'delay', config: { duration: '1m' } }] };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'too slow', workflow: slow, start: true });
    const done = await waitForStatus(ctx.base, body.run.id, ['timed_out', 'completed', 'failed', 'canceled'], 30_000);
    expect(done.status).toBe('timed_out');
    expect(done.error).toBe('Run timed out after 500 ms');
    const events = (await request(ctx.base, 'GET', `/api/runs/${body.run.id}/events`)).body.events;
    expect(events[events.length - 1]).toMatchObject({ type: 'final', status: 'timed_out' });

    const quick = { timeout: '1m', nodes: [{ id: 'fast', type: 'echo', config: { value: 1 } }] };
    const ok = await request(ctx.base, 'POST', '/api/runs', { name: 'in time', workflow: quick, start: true });
    expect((await waitForStatus(ctx.base, ok.body.run.id, ['completed', 'timed_out'])).status).toBe('completed');

    const bad = await request(ctx.base, 'POST', '/api/runs', { name: 'bad', workflow: { timeout: 'never', nodes: [{ id: 'a', type: 'echo' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toContain('workflow.timeout must be a positive number of milliseconds or a duration string such as "10m"');
  });
});
