import { ulid } from 'ulid';
import type { DataSource } from 'typeorm';
import { defaultDag } from '@steadfast/domain';
import { RunSyncRepository } from '@steadfast/persistence';
import { SEARCH_ATTRIBUTES } from '@steadfast/engine';
import { createTestKey, type TestKey } from '../support/api-keys';
import { openDatabase, temporalClient, useSuite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import type { ApprovalJson } from '../support/api-types';

const EVERYTHING_BUT_ADMIN = ['runs:read', 'runs:write', 'approvals:decide', 'workflows:write'] as const;

/** prepare, then an approval gate: the run waits, with an approval and (once patched) a patch to try. */
const gated = (approvers: string[] = []) => ({
  nodes: [
    { id: 'prepare', type: 'echo', config: { value: 'ready' } },
    { id: 'gate', type: 'approval', config: { title: 'Go?', approvers }, depends_on: ['prepare'] },
  ],
});

/**
 * Two tenants, each with its own key, each trying the other's ids on every route: another tenant's
 * records answer exactly like records that do not exist (404), and lists never show them.
 */
describe('tenant isolation', () => {
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let db: DataSource;
  let alpha: TestKey;
  let beta: TestKey;
  /** alpha's run waiting for approval, its approval and a patch proposed to it; and a completed run. */
  const a = { waiting: '', approval: '', patch: '', done: '' };

  const as = (key: TestKey, method: string, path: string, body?: unknown) => request(ctx.base, method, path, body, key.auth);

  async function pendingApproval(key: TestKey, runId: string): Promise<ApprovalJson> {
    return eventually(
      async () => {
        const [approval] = (await as(key, 'GET', `/api/approvals?run_id=${runId}&status=pending`)).body.approvals;
        expect(approval).toBeDefined();
        return approval;
      },
      { intervalMs: 100, message: `a pending approval on ${runId}` },
    );
  }

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    alpha = await createTestKey(db, { tenant: 'alpha', scopes: [...EVERYTHING_BUT_ADMIN], user: 'alice' });
    beta = await createTestKey(db, { tenant: 'beta', scopes: [...EVERYTHING_BUT_ADMIN], user: 'bob' });

    const waiting = await as(alpha, 'POST', '/api/runs', { name: 'alpha waits', workflow: gated(), start: true });
    a.waiting = waiting.body.run.id;
    a.approval = (await pendingApproval(alpha, a.waiting)).id;
    const patch = await as(alpha, 'POST', `/api/runs/${a.waiting}/patches`, {
      operations: [{ op: 'add', path: '/nodes/-', value: { id: 'extra', type: 'echo', config: { value: 1 }, depends_on: ['prepare'] } }],
    });
    expect(patch.status).toBe(202);
    a.patch = patch.body.patch.id;
    const done = await as(alpha, 'POST', '/api/runs', { name: 'alpha done', start: true });
    a.done = done.body.run.id;
    await waitForStatus(ctx.base, a.done, ['completed'], 30_000, alpha.auth);
  });
  afterAll(() => db?.destroy());

  it("answers another tenant's run, its events, nodes, outputs, definition, patches and approval with 404, as for unknown ids", async () => {
    const reads = [
      [`/api/runs/${a.waiting}`, 'Run not found'],
      [`/api/runs/${a.done}/events`, 'Run not found'],
      [`/api/runs/${a.done}/nodes`, 'Run not found'],
      [`/api/runs/${a.done}/nodes/echo/output`, 'Run not found'],
      [`/api/runs/${a.waiting}/definition`, 'Run not found'],
      [`/api/runs/${a.waiting}/patches`, 'Run not found'],
      [`/api/runs/${a.waiting}/patches/${a.patch}`, 'Run not found'],
      [`/api/runs/${a.done}/logs/stream`, 'Run not found'],
      [`/api/approvals/${a.approval}`, 'Approval not found'],
    ];
    for (const [path, error] of reads) {
      // The owner reads it: the 404 below is the tenant boundary, not a wrong path.
      expect({ path, status: (await as(alpha, 'GET', path)).status }).toEqual({ path, status: 200 });
      expect({ path, ...(await as(beta, 'GET', path)) }).toMatchObject({ path, status: 404, body: { error } });
    }
    const writes: [string, unknown, string][] = [
      [`/api/runs/${a.waiting}/cancel`, undefined, 'Run not found'],
      [`/api/runs/${a.waiting}/start`, undefined, 'Run not found'],
      [`/api/runs/${a.waiting}/patches`, { operations: [{ op: 'remove', path: '/nodes/0' }] }, 'Run not found'],
      [`/api/approvals/${a.approval}/decide`, { decision: 'reject' }, 'Approval not found'],
    ];
    for (const [path, body, error] of writes) {
      expect({ path, ...(await as(beta, 'POST', path, body)) }).toMatchObject({ path, status: 404, body: { error } });
    }
    // Nothing beta tried reached alpha's run.
    expect((await as(alpha, 'GET', `/api/runs/${a.waiting}`)).body.run.status).toBe('waiting_for_approval');
    expect((await as(alpha, 'GET', `/api/approvals/${a.approval}`)).body.approval.status).toBe('pending');
    expect((await as(alpha, 'GET', `/api/runs/${a.waiting}/patches`)).body.patches).toHaveLength(1);
  });

  it("refuses another tenant's SSE stream before it opens", async () => {
    const theirs = await openSse(`${ctx.base}/api/runs/${a.waiting}/logs/stream`, beta.auth);
    expect(theirs.status).toBe(404);
    expect(theirs.contentType).toMatch(/^application\/json/);
    const ours = await openSse(`${ctx.base}/api/runs/${a.waiting}/logs/stream`, alpha.auth);
    expect(ours.status).toBe(200);
    expect((await ours.waitFor(2))[0].data).toMatchObject({ type: 'connected', run_id: a.waiting });
    ours.abort();
  });

  it("never lists another tenant's runs or approvals, even when asked for them by run id", async () => {
    const mine = await as(beta, 'POST', '/api/runs', { name: 'beta waits', workflow: gated(), start: true });
    const betaApproval = await pendingApproval(beta, mine.body.run.id);

    const betaRuns = (await as(beta, 'GET', '/api/runs?limit=100')).body.runs.map((r) => r.id);
    expect(betaRuns).toContain(mine.body.run.id);
    expect(betaRuns).not.toContain(a.waiting);
    expect(betaRuns).not.toContain(a.done);
    const alphaRuns = (await as(alpha, 'GET', '/api/runs?limit=100')).body.runs.map((r) => r.id);
    expect(alphaRuns).toEqual(expect.arrayContaining([a.waiting, a.done]));
    expect(alphaRuns).not.toContain(mine.body.run.id);
    expect((await as(beta, 'GET', '/api/runs?status=waiting_for_approval&limit=100')).body.runs.map((r) => r.id)).toEqual([mine.body.run.id]);

    expect((await as(beta, 'GET', '/api/approvals?limit=100')).body.approvals.map((x) => x.id)).toEqual([betaApproval.id]);
    expect((await as(beta, 'GET', `/api/approvals?run_id=${a.waiting}`)).body.approvals).toEqual([]);
    expect((await as(alpha, 'GET', '/api/approvals?limit=100')).body.approvals.map((x) => x.id)).toEqual([a.approval]);
  });

  it("keeps registry names per tenant: the same name in two tenants is two definitions, and one tenant's names do not resolve in another", async () => {
    const flow = (value: string) => ({ name: 'shared-flow', nodes: [{ id: 'say', type: 'echo', config: { value } }] });
    expect((await as(alpha, 'POST', '/api/workflows', flow('alpha says'))).body.workflow).toMatchObject({ name: 'shared-flow', version: 1 });
    expect((await as(beta, 'POST', '/api/workflows', flow('beta says'))).body.workflow).toMatchObject({ name: 'shared-flow', version: 1 });
    expect((await as(beta, 'POST', '/api/workflows', flow('beta says more'))).body.workflow).toMatchObject({ version: 2 });
    expect((await as(alpha, 'GET', '/api/workflows/shared-flow')).body.workflow).toMatchObject({ version: 1, nodes: [{ config: { value: 'alpha says' } }] });
    expect((await as(alpha, 'GET', '/api/workflows/shared-flow/versions')).body.workflows).toHaveLength(1);

    expect((await as(alpha, 'POST', '/api/workflows', { name: 'alpha-only', nodes: [{ id: 'x', type: 'echo', config: { value: 1 } }] })).status).toBe(201);
    expect((await as(alpha, 'POST', '/api/agents', { name: 'alpha-agent', system_prompt: 'help alpha' })).status).toBe(201);
    for (const path of [
      '/api/workflows/alpha-only',
      '/api/workflows/alpha-only/versions',
      '/api/workflows/alpha-only/versions/1',
      '/api/agents/alpha-agent',
      '/api/agents/alpha-agent/versions/1',
    ]) {
      expect({ path, status: (await as(beta, 'GET', path)).status }).toEqual({ path, status: 404 });
    }
    const betaNames = (await as(beta, 'GET', '/api/workflows?limit=100')).body.workflows.map((w) => w.name);
    expect(betaNames).toContain('shared-flow');
    expect(betaNames).not.toContain('alpha-only');
    expect((await as(beta, 'GET', '/api/agents?limit=100')).body.agents).toEqual([]);

    // A run names definitions and agents of its own tenant only.
    const byName = await as(beta, 'POST', '/api/runs', { name: 'borrow', workflow: 'alpha-only' });
    expect(byName).toMatchObject({ status: 422, body: { details: ['workflow "alpha-only" not found'] } });
    const byAgent = await as(beta, 'POST', '/api/runs', {
      name: 'borrow',
      workflow: { nodes: [{ id: 'ask', type: 'agent', config: { agent: 'alpha-agent', prompt: 'hi' } }] },
    });
    expect(byAgent).toMatchObject({ status: 422, body: { details: ['node "ask": agent "alpha-agent" is not registered'] } });
    const own = await as(beta, 'POST', '/api/runs', { name: 'own', workflow: 'shared-flow', start: true });
    expect(own.body.run.workflow).toMatchObject({ name: 'shared-flow', version: 2 });
    expect((await waitForStatus(ctx.base, own.body.run.id, ['completed'], 30_000, beta.auth)).output).toBe('beta says more');
  });

  it('keeps idempotency tokens per tenant: the same token in two tenants creates two runs', async () => {
    const token = `shared-token-${ulid()}`;
    const first = await as(alpha, 'POST', '/api/runs', { name: 'same', client_token: token });
    const second = await as(beta, 'POST', '/api/runs', { name: 'same', client_token: token });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.run.id).not.toBe(first.body.run.id);
    // Within a tenant the token still means "this run".
    const repeated = await request(ctx.base, 'POST', '/api/runs', { name: 'same' }, { ...beta.auth, 'idempotency-key': token });
    expect(repeated).toMatchObject({ status: 200, body: { idempotent: true, run: { id: second.body.run.id } } });
    expect((await as(alpha, 'GET', `/api/runs/${second.body.run.id}`)).status).toBe(404);
  });

  it("tags the run's workflow with its tenant: search attribute and memo", async () => {
    const temporal = await temporalClient(ctx.suite.config);
    try {
      const description = await temporal.client.workflow.getHandle(a.waiting).describe();
      expect(description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.tenant)).toBe('alpha');
      expect(description.memo).toEqual({ tenant: 'alpha' });
      const found: string[] = [];
      for await (const execution of temporal.client.workflow.list({ query: `SteadfastTenant = 'alpha' AND WorkflowId = '${a.waiting}'` }))
        found.push(execution.workflowId);
      expect(found).toEqual([a.waiting]);
    } finally {
      await temporal.close();
    }
  });

  it("gives a run the workflow writes first (its claim beat the API's insert) the tenant the workflow was started with", async () => {
    const runId = `run-${ulid()}`;
    const seed = { tenant: 'beta', name: 'claimed first', input: null, tags: [], dag: defaultDag() };
    await new RunSyncRepository(db).apply({ runId, events: [], claim: { temporalRunId: 'temporal-run', startedAt: new Date(), seed } });
    expect((await as(beta, 'GET', `/api/runs/${runId}`)).body.run).toMatchObject({ id: runId, name: 'claimed first', status: 'running' });
    expect((await as(alpha, 'GET', `/api/runs/${runId}`)).status).toBe(404);
  });

  describe('approvers', () => {
    let runId: string;
    let approval: ApprovalJson;
    beforeAll(async () => {
      runId = (await as(alpha, 'POST', '/api/runs', { name: 'guarded', workflow: gated(['carol', 'role:finance']), start: true })).body.run.id;
      approval = await pendingApproval(alpha, runId);
    });

    it('refuses a key whose user and roles are not listed, and one naming someone else as decided_by', async () => {
      expect(await as(alpha, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve' })).toMatchObject({
        status: 403,
        body: { error: 'Forbidden: this API key is not an approver of this approval', details: ['approvers are carol, role:finance; the key acts for alice'] },
      });
      const finance = await createTestKey(db, { tenant: 'alpha', scopes: ['approvals:decide', 'runs:read'], user: 'dave', roles: ['finance'] });
      expect(await as(finance, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve', decided_by: 'carol' })).toMatchObject({
        status: 403,
        body: { error: "Forbidden: decided_by must be the API key's own user" },
      });
      // A role listed by name without `role:` is a user id: a key with user "finance"... is not dave.
      const namedLikeRole = await createTestKey(db, { tenant: 'alpha', scopes: ['approvals:decide'], user: 'finance' });
      expect((await as(namedLikeRole, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve' })).status).toBe(403);
      // Another tenant's key with a listed user is still another tenant's: 404.
      const betaCarol = await createTestKey(db, { tenant: 'beta', scopes: ['approvals:decide'], user: 'carol' });
      expect((await as(betaCarol, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve' })).status).toBe(404);
      expect((await as(alpha, 'GET', `/api/approvals/${approval.id}`)).body.approval.status).toBe('pending');
    });

    it("accepts a listed role and records the key's user as decided_by", async () => {
      const finance = await createTestKey(db, { tenant: 'alpha', scopes: ['approvals:decide'], user: 'dave', roles: ['finance'] });
      const res = await as(finance, 'POST', `/api/approvals/${approval.id}/decide`, { decision: 'approve', comment: 'ok' });
      expect(res).toMatchObject({ status: 200, body: { approval: { status: 'approved', decided_by: 'dave', comment: 'ok' } } });
      expect((await waitForStatus(ctx.base, runId, ['completed'], 30_000, alpha.auth)).status).toBe('completed');
    });

    it('accepts a listed user; an admin key may record a decision for someone else', async () => {
      const other = (await as(alpha, 'POST', '/api/runs', { name: 'guarded too', workflow: gated(['carol']), start: true })).body.run.id;
      const pending = await pendingApproval(alpha, other);
      const carolAdmin = await createTestKey(db, { tenant: 'alpha', scopes: ['admin'], user: 'carol' });
      const res = await as(carolAdmin, 'POST', `/api/approvals/${pending.id}/decide`, { decision: 'reject', decided_by: 'carol for the board' });
      expect(res).toMatchObject({ status: 200, body: { approval: { status: 'rejected', decided_by: 'carol for the board' } } });
    });
  });
});
