import { randomUUID } from 'node:crypto';
import { useSuite } from '../support/harness';
import { request } from '../support/http';
import { approvalsOf, decide, finished, gated, startRun } from '../support/approvals';

/* The approvals API refusing what it cannot take: unknown ids, bad decisions and bad inbox queries. */
describe('approval nodes and the approvals API', () => {
  const ctx = useSuite();

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
});
