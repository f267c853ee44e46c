import { useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { approvalsOf, decide, finished, gated, startRun } from '../support/approvals';

/* Approvals that end without a decision: expired (for each on_timeout) or canceled with their run; a late decision is a 409. */
describe('approval nodes and the approvals API', () => {
  const ctx = useSuite();

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
});
