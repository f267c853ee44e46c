import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@steadfast/devstack';
import { ApprovalRepository } from '@steadfast/persistence';
import { resolveTemporalCli } from '@steadfast/temporal-server';
import { openDatabase, startApi, suiteConfig, useSuite, withKillableWorker } from '../support/harness';
import { request } from '../support/http';
import { approvalsOf, decide, finished, gated, startRun, untilWaiting } from '../support/approvals';

const ROOT = join(__dirname, '..', '..');

/**
 * How a decision reaches its run other than the API's own signal: sent straight through Temporal, or
 * stored while the signal could not go (an API that died, Temporal out of reach) and delivered by the
 * outbox; and an approval that outlives a killed worker.
 */
describe('approval nodes and the approvals API', () => {
  const ctx = useSuite();

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
