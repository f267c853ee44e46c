import { approvalDecisionSignal } from '@steadfast/engine';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { temporalClient } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { started, usePatchSuite } from '../support/patch-suite';
import { present } from '../support/present';

/**
 * Runtime patches on the real stack: the API checks a patch against the graph the workflow holds and
 * signals it, the workflow checks it again and applies it, and the run goes on with the new graph.
 * Refusals are in run-patches-refused, the Temporal side of delivery in run-patches-temporal, and an
 * agent patching its own run in run-patches-agent.
 */
describe('runtime patches', () => {
  const ctx = usePatchSuite();
  const { startRun, events, waitForEvent, startRunUntilWaitStarts, waitForPatch, propose } = ctx;

  it('adds a node mid-run, which then runs; /definition, /patches and the stream agree on the result', async () => {
    const runId = await startRun({
      nodes: [
        { id: 'fetch', type: 'echo', config: { value: { title: 'Report' } } },
        { id: 'wait', type: 'delay', config: { duration: '3s' }, depends_on: ['fetch'] },
        { id: 'publish', type: 'echo', config: { value: 'published' }, depends_on: ['wait'] },
      ],
    });
    const stream = await openSse(`${ctx.base}/api/runs/${runId}/logs/stream`);
    await waitForEvent(runId, started('wait'));

    const notify = { id: 'notify', type: 'echo', config: { value: 'Notified about {{ nodes.fetch.output.title }}' }, depends_on: ['wait'] };
    const res = await propose(runId, { operations: [{ op: 'add', path: '/nodes/-', value: notify }], reason: 'tell the team' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      success: true,
      patch: { id: expect.stringMatching(/^patch-[0-9A-Z]{26}$/), status: 'pending', source: 'api', base_revision: 0, reason: 'tell the team' },
    });
    const patchId = res.body.patch.id;

    // While the run is active the definition comes from the workflow, already patched.
    const applied = await waitForPatch(runId, patchId);
    const live = (await request(ctx.base, 'GET', `/api/runs/${runId}/definition`)).body.definition;
    expect(live.revision).toBe(1);
    expect(live.dag.nodes.map((node) => node.id)).toEqual(['fetch', 'wait', 'publish', 'notify']);
    expect(applied).toMatchObject({
      status: 'applied',
      revision: 1,
      rejected_reason: null,
      source: 'api',
      node_id: null,
      operations: [{ op: 'add', path: '/nodes/-', value: notify }],
    });
    expect(applied.result_sha256).toBe(live.sha256);

    const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ publish: 'published', notify: 'Notified about Report' });
    const log = await events(runId);
    const completed = log.filter((e) => e.type === 'node_completed').map((e) => e.node_id);
    // publish and notify both wait only for `wait` and run side by side: either may finish first.
    expect(completed.slice(0, 2)).toEqual(['fetch', 'wait']);
    expect(completed.slice(2).sort()).toEqual(['notify', 'publish']);
    expect(log.find((e) => e.type === 'patch_applied')).toMatchObject({
      patch_id: patchId,
      revision: 1,
      source: 'api',
      added: ['notify'],
      removed: [],
      changed: [],
      reason: 'tell the team',
    });
    await stream.closed;
    expect(stream.frames.map((frame) => frame.data.type)).toContain('patch_applied');

    // Finished: the definition comes from Postgres now, and it is the same graph.
    const stored = (await request(ctx.base, 'GET', `/api/runs/${runId}/definition`)).body;
    expect(stored).toEqual({ success: true, definition: live });
    const list = (await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(list).toEqual({ success: true, patches: [applied] });
  });

  it('adds an approval gate mid-run whose branches follow the decision through `when`', async () => {
    const runId = await startRunUntilWaitStarts([
      { id: 'draft', type: 'echo', config: { value: 'v1' } },
      { id: 'wait', type: 'delay', config: { duration: '2s' }, depends_on: ['draft'] },
    ]);
    const res = await propose(runId, {
      operations: [
        {
          op: 'add',
          path: '/nodes/-',
          value: { id: 'gate', type: 'approval', config: { title: 'Ship {{ nodes.draft.output }}?', timeout: '10m' }, depends_on: ['wait'] },
        },
        { op: 'add', path: '/nodes/-', value: { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['gate'], when: 'approved' } },
        { op: 'add', path: '/nodes/-', value: { id: 'shelve', type: 'echo', config: { value: 'shelved' }, depends_on: ['gate'], when: 'rejected' } },
      ],
    });
    expect(res.status).toBe(202);

    const requested = await waitForEvent(runId, (e) => e.type === 'approval_requested');
    expect(requested).toMatchObject({ node_id: 'gate', title: 'Ship v1?' });
    expect((await waitForStatus(ctx.base, runId, ['waiting_for_approval'])).status).toBe('waiting_for_approval');

    // A run waiting for approval is still active: a patch can still add to the approved branch.
    const more = await propose(runId, {
      operations: [{ op: 'add', path: '/nodes/-', value: { id: 'announce', type: 'echo', config: { value: 'announced' }, depends_on: ['ship'] } }],
    });
    expect(more.status).toBe(202);
    await waitForPatch(runId, more.body.patch.id, ['applied']);

    const temporal = await temporalClient(ctx.suite.config);
    try {
      await temporal.client.workflow
        .getHandle(runId)
        .signal(approvalDecisionSignal, { approval_id: present(requested.approval_id, 'the requested approval'), decision: 'approve', decided_by: 'ops' });
    } finally {
      await temporal.close();
    }
    const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);
    expect(run.status).toBe('completed');
    const log = await events(runId);
    expect(log.filter((e) => e.type === 'node_skipped').map((e) => e.node_id)).toEqual(['shelve']);
    expect(run.output).toEqual('announced');
  });
});
