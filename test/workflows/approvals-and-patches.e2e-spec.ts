import { WorkflowFailedError } from '@temporalio/client';
import { applyPatchSignal, approvalDecisionSignal, eventsQuery } from '@steadfast/engine';
import { eventually } from '../support/eventually';
import { timeline, useWorkflowHarness, type RunHandle } from '../support/workflow-harness';

/** An approval node routing to `ship` when approved and to `refuse` when rejected. */
const approvalGate = (config: Record<string, unknown>) => ({
  nodes: [
    { id: 'ask', type: 'approval', config: { title: 'Ship it?', approvers: ['ops'], ...config } },
    { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['ask'], when: 'approved' },
    { id: 'refuse', type: 'echo', config: { value: 'refused' }, depends_on: ['ask'], when: 'rejected' },
  ],
});

/** runWorkflow in-process: approvals waiting on a durable timer or a signal, and patches signalled mid-run. */
describe('runWorkflow: approvals and runtime patches', () => {
  const sut = useWorkflowHarness();

  it('expires an approval nobody decides and follows on_timeout: reject', async () => {
    const handle = await sut.start(approvalGate({ timeout: '1s', on_timeout: 'reject' }));

    expect(await handle.result()).toEqual({ status: 'completed', output: 'refused', error: null });
    const [row] = sut.approvals.openFor(handle.workflowId);
    expect(row).toMatchObject({ nodeId: 'ask', status: 'expired', onTimeout: 'reject', approvers: ['ops'] });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status])).toEqual([
      ['ask', 'completed'],
      ['ship', 'skipped'],
      ['refuse', 'completed'],
    ]);
    expect(sut.nodes(handle.workflowId)[0]).toMatchObject({
      label: 'rejected',
      output: { approval_id: row.id, status: 'expired', decision: 'rejected', decided_by: null },
    });
    expect(timeline(sut.runs.get(handle.workflowId).events)).toEqual([
      'status running',
      'node_started ask',
      'approval_requested ask',
      'status waiting_for_approval',
      'status running',
      'approval_expired ask',
      'node_completed ask',
      'node_skipped ship',
      'node_started refuse',
      'node_completed refuse',
      'status completed',
      'final completed',
    ]);
  });

  it('fails the run when an approval with on_timeout: fail expires', async () => {
    const handle = await sut.start(approvalGate({ timeout: '500ms', on_timeout: 'fail' }));

    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(sut.runs.get(handle.workflowId)).toMatchObject({ status: 'failed', error: 'node "ask" failed: approval "ask" expired without a decision' });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status])).toEqual([
      ['ask', 'failed'],
      ['ship', 'skipped'],
      ['refuse', 'skipped'],
    ]);
  });

  it('resumes on the approved branch when a decision is signalled', async () => {
    const handle = await sut.start(approvalGate({ timeout: '10m' }));
    const row = await eventually(
      async () => {
        const [opened] = sut.approvals.openFor(handle.workflowId);
        expect(opened).toBeDefined();
        return opened;
      },
      { message: 'the approval row to open' },
    );

    await handle.signal(approvalDecisionSignal, { approval_id: row.id, decision: 'approve', decided_by: 'ops', comment: 'looks good' });

    expect(await handle.result()).toEqual({ status: 'completed', output: 'shipped', error: null });
    expect(row).toMatchObject({ status: 'approved', decidedBy: 'ops', comment: 'looks good' });
    const events = sut.runs.get(handle.workflowId).events;
    expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({
      approval_id: row.id,
      node_id: 'ask',
      decision: 'approved',
      decided_by: 'ops',
      comment: 'looks good',
    });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status])).toEqual([
      ['ask', 'completed'],
      ['ship', 'completed'],
      ['refuse', 'skipped'],
    ]);
  });

  /** Resolves once the running workflow's own log (its events query) shows `nodeId` started. */
  const startedLive = (handle: RunHandle, nodeId: string) =>
    eventually(
      async () => {
        const page = await handle.query(eventsQuery, 0);
        expect(page.events.some((e) => e.type === 'node_started' && e.node_id === nodeId)).toBe(true);
      },
      { message: `node "${nodeId}" to start` },
    );

  it('adds a node signalled as a patch mid-run, which then runs after its dependency', async () => {
    const handle = await sut.start({
      nodes: [
        { id: 'fetch', type: 'echo', config: { value: { title: 'Report' } } },
        { id: 'wait', type: 'delay', config: { duration: '1500ms' }, depends_on: ['fetch'] },
        { id: 'publish', type: 'echo', config: { value: 'published' }, depends_on: ['wait'] },
      ],
    });
    await startedLive(handle, 'wait');

    const notify = { id: 'notify', type: 'echo', config: { value: 'Notified about {{ nodes.fetch.output.title }}' }, depends_on: ['wait'] };
    await handle.signal(applyPatchSignal, {
      patch_id: 'patch-add-notify',
      operations: [{ op: 'add', path: '/nodes/-', value: notify }],
      reason: 'tell the team',
      source: 'api',
    });

    expect(await handle.result()).toEqual({ status: 'completed', output: { publish: 'published', notify: 'Notified about Report' }, error: null });
    const run = sut.runs.get(handle.workflowId);
    expect(run.dag.nodes.map((n) => n.id)).toEqual(['fetch', 'wait', 'publish', 'notify']);
    expect(run.patches).toEqual([expect.objectContaining({ id: 'patch-add-notify', status: 'applied', revision: 1, source: 'api', reason: 'tell the team' })]);
    expect(run.events.find((e) => e.type === 'patch_applied')).toMatchObject({
      patch_id: 'patch-add-notify',
      revision: 1,
      added: ['notify'],
      removed: [],
      changed: [],
    });
    const completed = run.events.flatMap((e) => (e.type === 'node_completed' ? [e.node_id] : []));
    expect(completed.slice(0, 2)).toEqual(['fetch', 'wait']);
    expect(completed.slice(2).sort()).toEqual(['notify', 'publish']);
  });

  it('refuses a patch that would add a cycle, and the run goes on as it was', async () => {
    const handle = await sut.start({
      nodes: [
        { id: 'wait', type: 'delay', config: { duration: '1s' } },
        { id: 'end', type: 'echo', config: { value: 'done' }, depends_on: ['wait'] },
      ],
    });
    await startedLive(handle, 'wait');

    await handle.signal(applyPatchSignal, {
      patch_id: 'patch-cycle',
      operations: [
        { op: 'add', path: '/nodes/-', value: { id: 'loop', type: 'echo', depends_on: ['end'] } },
        { op: 'replace', path: '/nodes/1/depends_on', value: ['wait', 'loop'] },
      ],
      source: 'api',
    });

    expect(await handle.result()).toEqual({ status: 'completed', output: 'done', error: null });
    const run = sut.runs.get(handle.workflowId);
    expect(run.patches).toEqual([
      expect.objectContaining({ id: 'patch-cycle', status: 'rejected', revision: null, rejected_reason: expect.stringContaining('cycle') }),
    ]);
    expect(run.events.find((e) => e.type === 'patch_rejected')).toMatchObject({ patch_id: 'patch-cycle', source: 'api' });
    expect(run.dag.nodes.map((n) => n.id)).toEqual(['wait', 'end']);
  });
});
