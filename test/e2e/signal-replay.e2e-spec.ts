import { Worker } from '@temporalio/worker';
import { applyPatchSignal, approvalDecisionSignal, eventsQuery } from '@steadfast/engine';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { temporalClient, useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { testStack } from '../support/stack-env';
import { eventually } from '../support/eventually';

/*
 * Signals, durable timers and local activities interleave differently from run to run. Each run here is
 * replayed from its own fresh history, as a new worker would after a crash: whatever order things
 * happened in, the workflow must make the same decisions again. (The recorded histories in
 * test/histories pin old versions; this pins today's code against today's timing.)
 */
describe('runs driven by signals replay from their own history', () => {
  const ctx = useSuite();

  async function replay(runId: string): Promise<void> {
    const { client, close } = await temporalClient(ctx.suite.config);
    try {
      const history = await client.workflow.getHandle(runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: testStack().workflowBundle } }, history, runId);
    } finally {
      await close();
    }
  }

  it('three parallel approvals decided at once, with patches arriving between them', async () => {
    const workflow = {
      nodes: [
        ...['a', 'b', 'c'].map((id) => ({ id, type: 'approval', config: { title: `Approve ${id}`, timeout: '5m' } })),
        { id: 'done', type: 'echo', config: { value: 'all decided' }, depends_on: ['a', 'b', 'c'] },
      ],
    };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'burst', workflow, start: true });
    const runId = body.run.id;
    const { client, close } = await temporalClient(ctx.suite.config);
    try {
      const handle = client.workflow.getHandle(runId);
      const ids = await eventually(
        async () => {
          const requested = (await handle.query(eventsQuery, 0)).events.flatMap((e) => (e.type === 'approval_requested' ? [e.approval_id] : []));
          expect(requested).toHaveLength(3);
          return requested;
        },
        { timeoutMs: 10_000, intervalMs: 100, message: 'three approvals to be requested' },
      );
      // Everything at once: the workflow sees the signals in whatever batches the server hands out.
      await Promise.all([
        ...ids.map((id, i) => handle.signal(approvalDecisionSignal, { approval_id: id, decision: i === 1 ? 'reject' : 'approve', decided_by: 'burst' })),
        ...[1, 2, 3].map((n) =>
          handle.signal(applyPatchSignal, {
            patch_id: `burst-${n}`,
            source: 'temporal',
            operations: [{ op: 'add', path: '/nodes/-', value: { id: `extra${n}`, type: 'echo', config: { value: n }, depends_on: ['done'] } }],
          }),
        ),
      ]);
    } finally {
      await close();
    }
    const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES, 30_000);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ extra1: 1, extra2: 2, extra3: 3 });
    await replay(runId);
  });

  it('an approval that expires while a patch is applied in the same moment', async () => {
    const workflow = {
      nodes: [
        { id: 'gate', type: 'approval', config: { title: 'Quick', timeout: '1s', on_timeout: 'approve' } },
        { id: 'go', type: 'echo', config: { value: 'went' }, depends_on: ['gate'], when: 'approved' },
      ],
    };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'expiry', workflow, start: true });
    const { client, close } = await temporalClient(ctx.suite.config);
    try {
      await new Promise((r) => setTimeout(r, 900));
      await client.workflow.getHandle(body.run.id).signal(applyPatchSignal, {
        patch_id: 'near-expiry',
        source: 'temporal',
        operations: [{ op: 'add', path: '/nodes/-', value: { id: 'after', type: 'echo', config: { value: 'after' }, depends_on: ['go'] } }],
      });
    } finally {
      await close();
    }
    const run = await waitForStatus(ctx.base, body.run.id, TERMINAL_RUN_STATUSES, 30_000);
    expect(run.status).toBe('completed');
    expect(run.output).toBe('after');
    await replay(body.run.id);
  });
});
