import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@steadfast/devstack';
import { ApprovalRepository } from '@steadfast/persistence';
import { SEARCH_ATTRIBUTES } from '@steadfast/engine';
import { resolveTemporalCli } from '@steadfast/temporal-server';
import { openDatabase, startApi, suiteConfig, temporalClient, useSuite, withKillableWorker } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import { present } from '../support/present';
import type { ApprovalJson, EventJson } from '../support/api-types';

const ROOT = join(__dirname, '..', '..');
const TERMINAL = ['completed', 'failed', 'canceled', 'timed_out'];

/** prepare -> gate (approval) -> ship when approved, hold when rejected. */
function gated(gateConfig: Record<string, unknown> = {}) {
  return {
    nodes: [
      { id: 'prepare', type: 'echo', config: { value: 'v1.2' } },
      {
        id: 'gate',
        type: 'approval',
        config: {
          title: 'Ship {{ nodes.prepare.output }}?',
          details: 'Release {{ input.release }} to production',
          approvers: ['ops', 'role:release-manager'],
          timeout: '10m',
          ...gateConfig,
        },
        depends_on: ['prepare'],
      },
      { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['gate'], when: 'approved' },
      { id: 'hold', type: 'echo', config: { value: 'held' }, depends_on: ['gate'], when: 'rejected' },
    ],
  };
}

async function startRun(base: string, workflow: unknown, input: unknown = { release: '2026.11' }): Promise<string> {
  const { status, body } = await request(base, 'POST', '/api/runs', { name: 'approvals', workflow, input, start: true });
  expect(status).toBe(201);
  return body.run.id;
}

/** Polls the inbox until the run has `count` approvals (pending ones unless `status` says otherwise). */
async function approvalsOf(base: string, runId: string, count = 1, status: string | null = 'pending'): Promise<ApprovalJson[]> {
  const filter = status ? `&status=${status}` : '';
  return eventually(
    async () => {
      const res = await request(base, 'GET', `/api/approvals?run_id=${runId}${filter}`);
      expect(res.status).toBe(200);
      expect(res.body.approvals.length).toBeGreaterThanOrEqual(count);
      return res.body.approvals;
    },
    { intervalMs: 100, message: `run ${runId} to have ${count} ${status ?? ''} approvals` },
  );
}

function decide(base: string, approvalId: string, body: unknown) {
  return request(base, 'POST', `/api/approvals/${approvalId}/decide`, body);
}

async function finished(base: string, runId: string) {
  const run = await waitForStatus(base, runId, TERMINAL, 60_000);
  const events = (await request(base, 'GET', `/api/runs/${runId}/events?limit=500`)).body.events;
  const nodes = (await request(base, 'GET', `/api/runs/${runId}/nodes`)).body.nodes;
  return { run, events, nodes: Object.fromEntries(nodes.map((n) => [n.id, n.status])) };
}

/** Waits until Temporal shows the run's status search attribute as waiting_for_approval. */
async function untilWaiting(config: ReturnType<typeof suiteConfig>, runId: string): Promise<void> {
  const temporal = await temporalClient(config);
  try {
    const handle = temporal.client.workflow.getHandle(runId);
    await eventually(async () => expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.status)).toBe('waiting_for_approval'), {
      timeoutMs: 10_000,
      intervalMs: 50,
      message: `run ${runId} to show waiting_for_approval in Temporal`,
    });
  } finally {
    await temporal.close();
  }
}

const statusUpdates = (events: EventJson[]) => events.filter((e) => e.type === 'status_update').map((e) => e.status);

describe('approval nodes and the approvals API', () => {
  const ctx = useSuite();

  it('approve: the run waits as waiting_for_approval, then the approved branch runs and the rejected one is skipped', async () => {
    const runId = await startRun(ctx.base, gated());
    const stream = await openSse(`${ctx.base}/api/runs/${runId}/logs/stream`);
    const [approval] = await approvalsOf(ctx.base, runId);
    expect(approval).toMatchObject({
      run_id: runId,
      node_id: 'gate',
      title: 'Ship v1.2?',
      details: 'Release 2026.11 to production',
      approvers: ['ops', 'role:release-manager'],
      status: 'pending',
      on_timeout: 'reject',
      decided_by: null,
      comment: null,
      decided_at: null,
    });
    expect(approval.id).toMatch(/^apr-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const timeoutMs = Date.parse(approval.expires_at) - Date.parse(approval.created_at);
    expect(timeoutMs).toBeGreaterThan(9 * 60_000);
    expect(timeoutMs).toBeLessThanOrEqual(10 * 60_000);
    expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body).toEqual({ success: true, approval });

    // While it waits, the run says so in Postgres, in its search attribute and on a stream opened now.
    await waitForStatus(ctx.base, runId, ['waiting_for_approval'], 10_000);
    await untilWaiting(ctx.suite.config, runId);
    const late = await openSse(`${ctx.base}/api/runs/${runId}/logs/stream`);
    const [connected] = await late.waitFor(1);
    late.abort();
    expect(connected.data).toMatchObject({ type: 'connected', status: 'waiting_for_approval' });

    const decided = await decide(ctx.base, approval.id, { decision: 'approve', decided_by: 'alice', comment: 'ship it' });
    expect(decided.status).toBe(200);
    expect(decided.body.success).toBe(true);
    expect(decided.body.approval).toMatchObject({ id: approval.id, status: 'approved', decided_by: 'alice', comment: 'ship it' });
    expect(Date.parse(String(decided.body.approval.decided_at))).toBeGreaterThanOrEqual(Date.parse(approval.created_at));

    const { run, events, nodes } = await finished(ctx.base, runId);
    expect(run.status).toBe('completed');
    expect(nodes).toEqual({ prepare: 'completed', gate: 'completed', ship: 'completed', hold: 'skipped' });
    expect(statusUpdates(events)).toEqual(['running', 'waiting_for_approval', 'running', 'completed']);
    const requested = events.findIndex((e) => e.type === 'approval_requested');
    const decidedAt = events.findIndex((e) => e.type === 'approval_decided');
    expect(requested).toBeGreaterThan(-1);
    expect(decidedAt).toBeGreaterThan(requested);
    expect(events[requested]).toMatchObject({
      approval_id: approval.id,
      node_id: 'gate',
      title: 'Ship v1.2?',
      approvers: ['ops', 'role:release-manager'],
      expires_at: approval.expires_at,
    });
    expect(events[decidedAt]).toMatchObject({ approval_id: approval.id, node_id: 'gate', decision: 'approved', decided_by: 'alice', comment: 'ship it' });
    expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval).toEqual(decided.body.approval);

    // The live stream carried the same story, ending with the final event.
    await stream.closed;
    const streamed = stream.frames.map((f) => f.data).filter((d) => d.type !== 'connected');
    expect(statusUpdates(streamed)).toEqual(['running', 'waiting_for_approval', 'running', 'completed']);
    expect(streamed.map((e) => e.type)).toEqual(events.map((e) => e.type));
  });

  it('reject: the rejected branch runs and the approved one is skipped', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    const decided = await decide(ctx.base, approval.id, { decision: 'reject', decided_by: 'bob' });
    expect(decided.status).toBe(200);
    expect(decided.body.approval).toMatchObject({ status: 'rejected', decided_by: 'bob', comment: null });

    const { run, events, nodes } = await finished(ctx.base, runId);
    expect(run.status).toBe('completed');
    expect(nodes).toEqual({ prepare: 'completed', gate: 'completed', ship: 'skipped', hold: 'completed' });
    expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({
      approval_id: approval.id,
      decision: 'rejected',
      decided_by: 'bob',
      comment: null,
    });
  });

  it.each([
    ['reject', 'completed', { gate: 'completed', ship: 'skipped', hold: 'completed' }],
    ['approve', 'completed', { gate: 'completed', ship: 'completed', hold: 'skipped' }],
    ['fail', 'failed', { gate: 'failed', ship: 'skipped', hold: 'skipped' }],
  ])('expiry with on_timeout %s: the approval is expired and the run is %s', async (onTimeout, runStatus, branches) => {
    const runId = await startRun(ctx.base, gated({ timeout: '2s', on_timeout: onTimeout }));
    const [approval] = await approvalsOf(ctx.base, runId, 1, null);
    const { run, events, nodes } = await finished(ctx.base, runId);
    expect(run.status).toBe(runStatus);
    expect(nodes).toMatchObject(branches);
    if (onTimeout === 'fail') expect(run.error).toContain('expired without a decision');
    expect(events.find((e) => e.type === 'approval_expired')).toMatchObject({ approval_id: approval.id, node_id: 'gate', on_timeout: onTimeout });
    expect(events.some((e) => e.type === 'approval_decided')).toBe(false);

    const stored = (await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval;
    expect(stored).toMatchObject({ status: 'expired', on_timeout: onTimeout, decided_by: null, decided_at: null });
    const late = await decide(ctx.base, approval.id, { decision: 'approve', decided_by: 'latecomer' });
    expect(late.status).toBe(409);
    expect(late.body).toEqual({ error: 'Approval expired', details: [`approval ${approval.id} expired at ${approval.expires_at}`] });
  });

  it('counts only the first decision: a second is a 409 naming the first, and of two at once exactly one wins', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    expect((await decide(ctx.base, approval.id, { decision: 'approve', decided_by: 'alice' })).status).toBe(200);
    const second = await decide(ctx.base, approval.id, { decision: 'reject', decided_by: 'mallory' });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('Approval already approved');
    expect(second.body.details[0]).toMatch(new RegExp(`^approval ${approval.id} was approved by alice at `));
    const first = await finished(ctx.base, runId);
    expect(first.nodes).toMatchObject({ ship: 'completed', hold: 'skipped' });
    expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval).toMatchObject({ status: 'approved', decided_by: 'alice' });

    const raced = await startRun(ctx.base, gated());
    const [contested] = await approvalsOf(ctx.base, raced);
    const answers = await Promise.all([
      decide(ctx.base, contested.id, { decision: 'approve', decided_by: 'alice' }),
      decide(ctx.base, contested.id, { decision: 'reject', decided_by: 'bob' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = present(
      answers.find((a) => a.status === 200),
      'a decision that counted',
    ).body.approval;
    const { nodes } = await finished(ctx.base, raced);
    expect(nodes).toMatchObject(winner.status === 'approved' ? { ship: 'completed', hold: 'skipped' } : { ship: 'skipped', hold: 'completed' });
    expect((await request(ctx.base, 'GET', `/api/approvals/${contested.id}`)).body.approval).toEqual(winner);
  });

  it('answers 404 for an unknown or malformed approval id', async () => {
    const unknown = `apr-${randomUUID()}`;
    for (const id of [unknown, 'nope', 'run-01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      expect(await request(ctx.base, 'GET', `/api/approvals/${id}`)).toMatchObject({ status: 404, body: { error: 'Approval not found' } });
      expect(await decide(ctx.base, id, { decision: 'approve', decided_by: 'alice' })).toMatchObject({ status: 404, body: { error: 'Approval not found' } });
    }
  });

  it('refuses bad decisions and inbox queries with 4xx and leaves the approval pending', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    const cases: [unknown, string][] = [
      [{ decision: 'maybe', decided_by: 'alice' }, 'decision must be one of approve, reject'],
      [{ decision: 'approve' }, 'decided_by is required'],
      [{ decision: 'approve', decided_by: '' }, 'decided_by is required'],
      [{ decision: 'approve', decided_by: 'x'.repeat(129) }, 'decided_by must be at most 128 characters'],
      [{ decision: 'approve', decided_by: 'alice', comment: 'x'.repeat(4001) }, 'comment must be at most 4000 characters'],
      [{ decision: 'approve', decided_by: 'alice', approver: 'root' }, 'property approver should not exist'],
    ];
    for (const [body, detail] of cases) {
      const res = await decide(ctx.base, approval.id, body);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('Validation failed');
      expect(res.body.details).toContain(detail);
    }
    expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval.status).toBe('pending');

    expect((await request(ctx.base, 'GET', '/api/approvals?status=maybe')).body).toEqual({
      error: 'Validation failed',
      details: ['status must be one of pending, approved, rejected, expired, canceled'],
    });
    expect((await request(ctx.base, 'GET', '/api/approvals?limit=0')).status).toBe(422);
    expect((await request(ctx.base, 'GET', '/api/approvals?limit=101')).status).toBe(422);
    expect(await request(ctx.base, 'GET', '/api/approvals?cursor=garbage')).toMatchObject({ status: 400, body: { error: 'Invalid cursor' } });

    // A comment of exactly the limit is fine.
    const ok = await decide(ctx.base, approval.id, { decision: 'approve', decided_by: 'alice', comment: 'x'.repeat(4000) });
    expect(ok.status).toBe(200);
    expect((await finished(ctx.base, runId)).run.status).toBe('completed');
  });

  it('takes a decision sent straight through Temporal (temporal workflow signal) and writes it back to Postgres', async () => {
    const cli = resolveTemporalCli(process.env, ROOT);
    if (!cli) throw new Error('no temporal CLI: set TEMPORAL_CLI_PATH or run npm install');
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    const { address, namespace } = ctx.suite.config.temporal;
    const input = JSON.stringify({ approval_id: approval.id, decision: 'approve', decided_by: 'ops', comment: 'from the CLI' });
    await promisify(execFile)(cli.path, [
      'workflow',
      'signal',
      '--address',
      address as string,
      '--namespace',
      namespace,
      '--workflow-id',
      runId,
      '--name',
      'approvalDecision',
      '--input',
      input,
    ]);

    const { run, nodes, events } = await finished(ctx.base, runId);
    expect(run.status).toBe('completed');
    expect(nodes).toMatchObject({ ship: 'completed', hold: 'skipped' });
    expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({ decision: 'approved', decided_by: 'ops', comment: 'from the CLI' });
    const stored = (await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval;
    expect(stored).toMatchObject({ status: 'approved', decided_by: 'ops', comment: 'from the CLI' });
    expect(stored.decided_at).not.toBeNull();
    expect((await decide(ctx.base, approval.id, { decision: 'reject', decided_by: 'alice' })).status).toBe(409);
  });

  it('holds two approvals pending at once: the inbox lists both, and the run completes once both are decided', async () => {
    const workflow = {
      nodes: [
        { id: 'prepare', type: 'echo', config: { value: 'contract' } },
        { id: 'legal', type: 'approval', config: { title: 'Legal sign-off' }, depends_on: ['prepare'] },
        { id: 'finance', type: 'approval', config: { title: 'Finance sign-off' }, depends_on: ['prepare'] },
        { id: 'legal-ok', type: 'echo', config: { value: 'legal' }, depends_on: ['legal'], when: 'approved' },
        { id: 'finance-ok', type: 'echo', config: { value: 'finance' }, depends_on: ['finance'], when: 'approved' },
        { id: 'sign', type: 'echo', config: { value: 'signed' }, depends_on: ['legal-ok', 'finance-ok'] },
      ],
    };
    const runId = await startRun(ctx.base, workflow);
    const pending = await approvalsOf(ctx.base, runId, 2);
    expect(pending.map((a) => a.node_id).sort()).toEqual(['finance', 'legal']);

    // One at a time: newest first, and the cursor leads to the other.
    const first = (await request(ctx.base, 'GET', `/api/approvals?run_id=${runId}&status=pending&limit=1`)).body;
    expect(first.approvals).toHaveLength(1);
    expect(typeof first.next_cursor).toBe('string');
    const second = (await request(ctx.base, 'GET', `/api/approvals?run_id=${runId}&status=pending&limit=1&cursor=${first.next_cursor}`)).body;
    expect(second.approvals).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    expect([first.approvals[0].id, second.approvals[0].id]).toEqual(pending.map((a) => a.id));
    expect(Date.parse(first.approvals[0].created_at)).toBeGreaterThanOrEqual(Date.parse(second.approvals[0].created_at));

    const legal = present(
      pending.find((a) => a.node_id === 'legal'),
      'the legal approval',
    );
    const finance = present(
      pending.find((a) => a.node_id === 'finance'),
      'the finance approval',
    );
    expect((await decide(ctx.base, legal.id, { decision: 'approve', decided_by: 'lee' })).status).toBe(200);
    await eventually(
      async () => {
        const nodes = (await request(ctx.base, 'GET', `/api/runs/${runId}/nodes`)).body.nodes;
        expect(nodes.find((n) => n.id === 'legal-ok')?.status).toBe('completed');
      },
      { timeoutMs: 10_000, intervalMs: 100, message: 'node legal-ok to complete' },
    );
    // Finance is still pending, so the run still waits.
    expect((await request(ctx.base, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('waiting_for_approval');
    expect((await approvalsOf(ctx.base, runId)).map((a) => a.id)).toEqual([finance.id]);

    expect((await decide(ctx.base, finance.id, { decision: 'approve', decided_by: 'fin' })).status).toBe(200);
    const { run, nodes, events } = await finished(ctx.base, runId);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('signed');
    expect(nodes).toMatchObject({ legal: 'completed', finance: 'completed', 'legal-ok': 'completed', 'finance-ok': 'completed', sign: 'completed' });
    expect(statusUpdates(events)).toEqual(['running', 'waiting_for_approval', 'running', 'completed']);
    expect((await approvalsOf(ctx.base, runId, 2, 'approved')).map((a) => a.decided_by).sort()).toEqual(['fin', 'lee']);
  });

  it('cancelling a run that waits for approval cancels the approval', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    await waitForStatus(ctx.base, runId, ['waiting_for_approval'], 10_000);
    const cancel = await request(ctx.base, 'POST', `/api/runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.run.status).toBe('canceling');

    const { run, nodes } = await finished(ctx.base, runId);
    expect(run.status).toBe('canceled');
    expect(nodes).toMatchObject({ ship: 'pending', hold: 'pending' });
    expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval).toMatchObject({ status: 'canceled', decided_by: null });
    expect((await approvalsOf(ctx.base, runId, 1, 'canceled')).map((a) => a.id)).toEqual([approval.id]);
    const late = await decide(ctx.base, approval.id, { decision: 'approve', decided_by: 'alice' });
    expect(late.status).toBe(409);
    expect(late.body).toEqual({ error: 'Approval already canceled', details: [`approval ${approval.id} was canceled: its run ended`] });
  });

  it('delivers a decision stored by an API that died before signalling: the outbox signals it and the run completes', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    const dataSource = await openDatabase(ctx.suite.config);
    try {
      const approvals = new ApprovalRepository(dataSource);
      // What POST /decide does before it signals, and nothing after.
      expect(await approvals.decide(approval.id, { verdict: 'approve', decidedBy: 'crashed-api', comment: null })).not.toBeNull();
      expect((await request(ctx.base, 'GET', `/api/approvals/${approval.id}`)).body.approval).toMatchObject({ status: 'approved', decided_by: 'crashed-api' });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await request(ctx.base, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('waiting_for_approval');

      const { run, nodes, events } = await finished(ctx.base, runId);
      expect(run.status).toBe('completed');
      expect(nodes).toMatchObject({ ship: 'completed', hold: 'skipped' });
      expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({ approval_id: approval.id, decision: 'approved', decided_by: 'crashed-api' });
      expect((await approvals.get(approval.id))?.signaledAt).not.toBeNull();
    } finally {
      await dataSource.destroy();
    }
  });

  it('answers 200 when Temporal cannot be reached (the decision is stored), and the outbox delivers it later', async () => {
    const runId = await startRun(ctx.base, gated());
    const [approval] = await approvalsOf(ctx.base, runId);
    // Its warning that the signal waits for the outbox is expected here, so keep it out of the test output.
    const cutOff = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, LOG_LEVEL: 'error' }));
    try {
      const decided = await decide(cutOff.url, approval.id, { decision: 'reject', decided_by: 'offline-api', comment: 'too risky' });
      expect(decided.status).toBe(200);
      expect(decided.body.approval).toMatchObject({ status: 'rejected', decided_by: 'offline-api' });
    } finally {
      await cutOff.close();
    }
    const { run, nodes, events } = await finished(ctx.base, runId);
    expect(run.status).toBe('completed');
    expect(nodes).toMatchObject({ ship: 'skipped', hold: 'completed' });
    expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({ decision: 'rejected', decided_by: 'offline-api', comment: 'too risky' });
  });
});

describe('an approval pending while the worker is killed', () => {
  it('survives: a new worker picks the run up and the decision through the API completes it', () =>
    withKillableWorker(async (stack) => {
      const { config, api } = stack;
      const runId = await startRun(api.url, gated());
      const [approval] = await approvalsOf(api.url, runId);
      // The row is written inside the workflow task that opens it; kill only once that task is complete
      // (its search-attribute change is visible), so the decision finds the node waiting after the restart.
      await untilWaiting(config, runId);
      await stack.worker.kill('SIGKILL');
      expect(stack.worker.process.signalCode).toBe('SIGKILL');
      await stack.startNewWorker();

      expect((await decide(api.url, approval.id, { decision: 'approve', decided_by: 'alice' })).status).toBe(200);
      const { run, nodes, events } = await finished(api.url, runId);
      expect(run.status).toBe('completed');
      expect(nodes).toEqual({ prepare: 'completed', gate: 'completed', ship: 'completed', hold: 'skipped' });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'approval_requested')).toHaveLength(1);
      expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({ approval_id: approval.id, decided_by: 'alice' });
    }));
});
