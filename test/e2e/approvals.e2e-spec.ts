import { useSuite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import { present } from '../support/present';
import { approvalsOf, decide, finished, gated, startRun, statusUpdates, untilWaiting } from '../support/approvals';

/**
 * Approval nodes decided through the API: the run waits, the decision picks the branch, only the first
 * decision counts, and the inbox lists and pages what is pending. Refused requests are in approvals-refused,
 * approvals that end undecided in approvals-undecided, and the ways a decision reaches the run in approvals-delivery.
 */
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
});
