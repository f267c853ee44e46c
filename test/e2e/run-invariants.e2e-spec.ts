import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { eventually } from '../support/eventually';
import { openDatabase, temporalClient, useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { checkRunInvariants, type InvariantReport } from '../support/run-invariants';

interface RunBody {
  run: { id: string; status: string };
}

/** The runs each list names, once each and sorted: checks finish in any order. */
const ids = (problems: { runId: string }[]) => [...new Set(problems.map((p) => p.runId))].sort();
const named = (report: InvariantReport) => ({ unsettled: ids(report.unsettled), wrongStatus: ids(report.wrongStatus), problems: ids(report.problems) });

describe('run invariants over real runs', () => {
  const ctx = useSuite();
  let db: DataSource;
  let temporal: { client: Client; close(): Promise<void> };
  const runs = { completed: '', canceled: '', failed: '', timedOut: '', neverStarted: '' };
  const check = (options: { expectSettled?: boolean } = {}) => checkRunInvariants({ db, client: temporal.client, runIds: Object.values(runs), ...options });

  async function post(body: unknown): Promise<string> {
    const res = await request<RunBody>(ctx.base, 'POST', '/api/runs', body);
    expect(res.status).toBe(201);
    return res.body.run.id;
  }

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    temporal = await temporalClient(ctx.suite.config);
    const echoDelayEcho = (duration: string) => ({
      nodes: [
        { id: 'a', type: 'echo', config: { value: 'a' } },
        { id: 'wait', type: 'delay', config: { duration }, depends_on: ['a'] },
        { id: 'b', type: 'echo', config: { value: 'b' }, depends_on: ['wait'] },
      ],
    });
    runs.completed = await post({ name: 'inv-completed', workflow: echoDelayEcho('10ms'), start: true });
    runs.canceled = await post({ name: 'inv-canceled', workflow: echoDelayEcho('10m'), start: true });
    runs.failed = await post({ name: 'inv-failed', workflow: { nodes: [{ id: 'boom', type: 'fail', config: { message: 'planned' } }] }, start: true });
    const tooSlow = { timeout: '300ms', nodes: [{ id: 'wait', type: 'delay', config: { duration: '1m' } }] };
    runs.timedOut = await post({ name: 'inv-timed-out', workflow: tooSlow, start: true });
    runs.neverStarted = await post({ name: 'inv-never-started' });
    expect((await request(ctx.base, 'POST', `/api/runs/${runs.neverStarted}/cancel`)).status).toBe(202);

    // Cancelled while its timer runs, well after the workflow's claim.
    await eventually(async () => {
      const events = (await request<{ events: { type: string; node_id?: string }[] }>(ctx.base, 'GET', `/api/runs/${runs.canceled}/events`)).body.events;
      expect(events.some((e) => e.type === 'node_started' && e.node_id === 'wait')).toBe(true);
    });
    expect((await request(ctx.base, 'POST', `/api/runs/${runs.canceled}/cancel`)).status).toBe(202);

    const expected = { completed: 'completed', canceled: 'canceled', failed: 'failed', timedOut: 'timed_out', neverStarted: 'canceled' } as const;
    for (const [key, id] of Object.entries(runs) as [keyof typeof runs, string][]) {
      const run: { status: string } = await waitForStatus(ctx.base, id, TERMINAL_RUN_STATUSES, 30_000);
      expect(run.status).toBe(expected[key]);
    }
  });

  afterAll(async () => {
    await temporal?.close();
    await db?.destroy();
  });

  it('finds nothing wrong with runs that completed, were cancelled, failed, timed out or never started', async () => {
    // A workflow closes moments after it records its final status.
    const report = await eventually(async () => {
      const r = await check({ expectSettled: true });
      expect(r).toMatchObject({ ok: true, unsettled: [], wrongStatus: [], problems: [] });
      return r;
    });
    expect(report.checked).toBe(5);
  });

  it('names a completed run whose row says failed', async () => {
    await db.query(`UPDATE runs SET status = 'failed' WHERE id = $1`, [runs.completed]);
    try {
      const report = await check();
      expect(report.ok).toBe(false);
      expect(named(report)).toEqual({ unsettled: [], wrongStatus: [runs.completed], problems: [] });
      expect(report.wrongStatus.map((p) => p.problem)).toEqual(
        expect.arrayContaining(['row is failed, final event says completed', 'row is failed, SteadfastRunStatus is completed']),
      );
    } finally {
      await db.query(`UPDATE runs SET status = 'completed' WHERE id = $1`, [runs.completed]);
    }
  });

  it('names a run whose final event is gone, and one with a gap in its seqs', async () => {
    const doomed = `(run_id = $1 AND type = 'final') OR (run_id = $2 AND seq = 2)`;
    const removed: { run_id: string; seq: number; type: string; event: unknown; created_at: Date }[] = await db.query(
      `SELECT run_id, seq, type, event, created_at FROM run_events WHERE ${doomed}`,
      [runs.failed, runs.canceled],
    );
    expect(removed).toHaveLength(2);
    await db.query(`DELETE FROM run_events WHERE ${doomed}`, [runs.failed, runs.canceled]);
    try {
      const report = await check();
      expect(named(report)).toEqual({ unsettled: [], wrongStatus: [], problems: [runs.canceled, runs.failed].sort() });
      expect(report.problems.find((p) => p.runId === runs.failed)?.problem).toBe('no final event');
      expect(report.problems.find((p) => p.runId === runs.canceled)?.problem).toMatch(/^event seqs are not 1\.\.\d+/);
    } finally {
      for (const e of removed) {
        const values = [e.run_id, e.seq, e.type, e.event, e.created_at];
        await db.query('INSERT INTO run_events (run_id, seq, type, event, created_at) VALUES ($1, $2, $3, $4, $5)', values);
      }
    }
  });

  it('calls a non-terminal run unsettled when its workflow has closed, and every non-terminal run once settling is expected', async () => {
    await db.query(`UPDATE runs SET status = 'canceling' WHERE id = $1`, [runs.canceled]);
    const created = await post({ name: 'inv-created' });
    try {
      const during = await checkRunInvariants({ db, client: temporal.client, runIds: [...Object.values(runs), created] });
      expect(named(during)).toEqual({ unsettled: [runs.canceled], wrongStatus: [], problems: [] });
      expect(during.unsettled[0].problem).toBe('canceling, workflow CANCELLED');

      // A created run with no workflow is fine while load runs, not once everything should have finished.
      const after = await checkRunInvariants({ db, client: temporal.client, runIds: [...Object.values(runs), created], expectSettled: true });
      expect(named(after).unsettled).toEqual([runs.canceled, created].sort());
    } finally {
      await db.query(`UPDATE runs SET status = 'canceled' WHERE id = $1`, [runs.canceled]);
      await request(ctx.base, 'POST', `/api/runs/${created}/cancel`);
    }
    expect((await check()).ok).toBe(true);
  });
});
