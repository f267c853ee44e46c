import type { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { openDatabase, startApi, startWorker, suiteConfig, temporalClient, type RunningApi, type WorkerProcess } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { holdLock, waitForLockWait } from '../support/row-lock';
import { checkRunInvariants } from '../support/run-invariants';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const THREE_STEPS = {
  nodes: [
    { id: 'first', type: 'echo', config: { value: 'one' } },
    { id: 'wait', type: 'delay', config: { duration: '2s' }, depends_on: ['first'] },
    { id: 'last', type: 'echo', config: { value: 'three' }, depends_on: ['wait'] },
  ],
};

/**
 * A cancel can reach a run at any point of its start: before the workflow's first task, during it (while
 * the claim is in flight), between the claim and the first node, or while the workflow writes its end.
 * Each test forces one of these orders (a stopped worker, or a lock that holds a statement back) and then
 * checks what a user would: the run ends in one true terminal status, in Postgres, on its event log
 * (exactly one `final`) and in Temporal, whose execution is CANCELLED when the run is.
 */
describe('cancel racing the start of a run', () => {
  const config = suiteConfig();
  const databaseUrl = config.database.url as string;
  let api: RunningApi;
  let worker: WorkerProcess | undefined;
  let db: DataSource;
  let temporalHandle: Awaited<ReturnType<typeof temporalClient>>;

  beforeAll(async () => {
    api = await startApi(config);
    db = await openDatabase(config);
    temporalHandle = await temporalClient(config);
  });
  afterAll(async () => {
    await worker?.kill();
    await temporalHandle.close();
    await db.destroy();
    await api.close();
  });

  const ensureWorker = async () => {
    worker ??= await startWorker(config);
  };
  const stopWorker = async () => {
    await worker?.kill('SIGKILL');
    worker = undefined;
  };
  const history = async (runId: string): Promise<HistoryEvent[]> => (await temporalHandle.client.workflow.getHandle(runId).fetchHistory()).events ?? [];
  const temporalStatus = async (runId: string) => (await temporalHandle.client.workflow.getHandle(runId).describe()).status.name;
  const finals = async (runId: string) =>
    (await request(api.url, 'GET', `/api/runs/${runId}/events`)).body.events.filter((e: { type: string }) => e.type === 'final');

  /** Creates and starts THREE_STEPS with no worker up, so its first workflow task waits for ensureWorker. */
  const startWithNoWorker = async (name: string, clientToken?: string) => {
    await stopWorker();
    return request(api.url, 'POST', '/api/runs', { name, workflow: THREE_STEPS, start: true, ...(clientToken ? { client_token: clientToken } : {}) });
  };

  /** Everything a user can look at agrees that the run was canceled. */
  async function expectCanceledEverywhere(runId: string): Promise<void> {
    const run = await waitForStatus(api.url, runId, ['canceled', 'completed', 'failed'], 60_000);
    expect(run.status).toBe('canceled');
    await eventually(async () => expect(await temporalStatus(runId)).toBe('CANCELLED'), { timeoutMs: 90_000 });
    const report = await checkRunInvariants({ db, client: temporalHandle.client, runIds: [runId], expectSettled: true });
    expect(report.problems.concat(report.wrongStatus, report.unsettled)).toEqual([]);
    expect(await finals(runId)).toEqual([expect.objectContaining({ status: 'canceled' })]);
  }

  it('before the first workflow task, once the API has marked the run running', async () => {
    const created = await startWithNoWorker('race-running', `race-${Date.now()}`);
    expect(created.body.run.status).toBe('running');
    const runId = created.body.run.id;
    const cancel = await request(api.url, 'POST', `/api/runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.run.status).toBe('canceling');

    await ensureWorker();
    await expectCanceledEverywhere(runId);
    // The workflow claimed the run (its `running` event) and recorded the cancel itself.
    const events = (await request(api.url, 'GET', `/api/runs/${runId}/events`)).body.events;
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((e: { type: string }) => e.type === 'node_started')).toEqual([]);
  });

  it('before the first workflow task, while the record still says created (create-and-start without a token)', async () => {
    const created = await startWithNoWorker('race-created');
    const runId = created.body.run.id;
    expect((await request(api.url, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('created');
    const cancel = await request(api.url, 'POST', `/api/runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.run.status).toBe('canceled');

    await ensureWorker();
    await expectCanceledEverywhere(runId);
  });

  it('during the first workflow task: the cancel request lands while the claim is in flight', async () => {
    const created = await startWithNoWorker('race-claim', `claim-${Date.now()}`);
    const runId = created.body.run.id;
    const lock = await holdLock(databaseUrl, 'SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [runId]);
    let cancel: ReturnType<typeof request> | undefined;
    try {
      await ensureWorker();
      await waitForLockWait(db, 'INSERT INTO runs');
      // The API asks Temporal first, then waits on the same row to mark it canceling.
      cancel = request(api.url, 'POST', `/api/runs/${runId}/cancel`);
      await waitForLockWait(db, 'UPDATE "runs"');
    } finally {
      await lock.release();
    }
    expect((await cancel).status).toBe(202);

    await expectCanceledEverywhere(runId);
    // The interleaving this test is about did happen: the request arrived while the first workflow task ran
    // (the server buffers it and numbers it after that task, so the times tell, not the event ids).
    const events = await history(runId);
    const at = (found?: HistoryEvent) => Number(found?.eventTime?.seconds ?? 0) * 1e3 + (found?.eventTime?.nanos ?? 0) / 1e6;
    const requestedAt = at(events.find((e) => e.workflowExecutionCancelRequestedEventAttributes));
    expect(requestedAt).toBeGreaterThan(at(events.find((e) => e.workflowTaskStartedEventAttributes)));
    expect(requestedAt).toBeLessThan(at(events.find((e) => e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes)));
  });

  it('between the claim and the first node: an approval that was about to open is withdrawn', async () => {
    await ensureWorker();
    // Holding back inserts into approvals stops the workflow right after its claim, before the node opens.
    const lock = await holdLock(databaseUrl, 'LOCK TABLE approvals IN SHARE ROW EXCLUSIVE MODE');
    let runId: string;
    try {
      const created = await request(api.url, 'POST', '/api/runs', {
        name: 'race-first-node',
        start: true,
        workflow: {
          nodes: [
            { id: 'ask', type: 'approval', config: { title: 'Go?' } },
            { id: 'after', type: 'echo', depends_on: ['ask'] },
          ],
        },
      });
      runId = created.body.run.id;
      await waitForLockWait(db, 'INSERT INTO "approvals"');
      expect((await request(api.url, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('running');
      const cancel = await request(api.url, 'POST', `/api/runs/${runId}/cancel`);
      expect(cancel.status).toBe(202);
    } finally {
      await lock.release();
    }
    await expectCanceledEverywhere(runId);
    const approvals = (await request(api.url, 'GET', `/api/approvals?run_id=${runId}`)).body.approvals;
    expect(approvals.every((approval: { status: string }) => approval.status === 'canceled')).toBe(true);
  });

  it('racing the final write: the run ends one way, and everything says the same', async () => {
    await ensureWorker();
    const created = await request(api.url, 'POST', '/api/runs', {
      name: 'race-final',
      start: true,
      workflow: { nodes: [{ id: 'wait', type: 'delay', config: { duration: '1s' } }] },
    });
    const runId = created.body.run.id;
    // The delay's start is written before its timer runs; after that the next write is the run's end.
    await eventually(async () =>
      expect((await request(api.url, 'GET', `/api/runs/${runId}/events`)).body.events.some((e: { type: string }) => e.type === 'node_started')).toBe(true),
    );
    const lock = await holdLock(databaseUrl, 'SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [runId]);
    let cancel: ReturnType<typeof request> | undefined;
    try {
      await waitForLockWait(db, 'UPDATE runs SET');
      cancel = request(api.url, 'POST', `/api/runs/${runId}/cancel`);
      await eventually(async () => expect((await history(runId)).some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(true));
    } finally {
      await lock.release();
    }
    const answer = await cancel;
    const run = await waitForStatus(api.url, runId, ['canceled', 'completed'], 60_000);
    // Temporal took the request while the workflow was open, so the cancel was accepted; the end or the
    // cancel won, and the row, the log and Temporal agree on which.
    expect(answer?.status).toBe(202);
    await eventually(async () => expect(await temporalStatus(runId)).toBe(run.status === 'canceled' ? 'CANCELLED' : 'COMPLETED'));
    const report = await checkRunInvariants({ db, client: temporalHandle.client, runIds: [runId], expectSettled: true });
    expect(report.problems.concat(report.wrongStatus, report.unsettled)).toEqual([]);
    expect(await finals(runId)).toEqual([expect.objectContaining({ status: run.status })]);
  });

  it('a cancel racing a start and an idempotent replay of the create, many times over', async () => {
    await ensureWorker();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const token = `replay-${Date.now()}-${i}`;
      const body = { name: 'race-replay', workflow: THREE_STEPS, client_token: token };
      const created = await request(api.url, 'POST', '/api/runs', body);
      const runId = created.body.run.id;
      ids.push(runId);
      // All three at once: POST /start, the create replayed with start (which starts a created run), and the cancel.
      const answers = await Promise.all([
        request(api.url, 'POST', `/api/runs/${runId}/start`),
        request(api.url, 'POST', '/api/runs', { ...body, start: true }),
        request(api.url, 'POST', `/api/runs/${runId}/cancel`),
      ]);
      for (const answer of answers) expect(answer.status).toBeLessThan(500);
    }
    for (const runId of ids) await waitForStatus(api.url, runId, ['canceled', 'completed'], 60_000);
    await eventually(
      async () => {
        const report = await checkRunInvariants({ db, client: temporalHandle.client, runIds: ids, expectSettled: true });
        expect(report.problems.concat(report.wrongStatus, report.unsettled)).toEqual([]);
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
  });
});
