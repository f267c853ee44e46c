import { freePort } from '@steadfast/devstack';
import { applyPatchSignal } from '@steadfast/engine';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { startApi, suiteConfig, temporalClient } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { usePatchSuite } from '../support/patch-suite';

/**
 * Runtime patches and Temporal: a proposal the run never received (Temporal down, or the workflow gone
 * behind Steadfast's back), and a patch signalled straight through Temporal, which the workflow checks itself.
 */
describe('runtime patches', () => {
  const ctx = usePatchSuite();
  const { startRunUntilWaitStarts, waitForEvent, propose } = ctx;

  it('records a proposal its run never received as rejected, with 409 when the workflow is gone and 503 when Temporal is down', async () => {
    const runId = await startRunUntilWaitStarts([{ id: 'wait', type: 'delay', config: { duration: '60s' } }]);
    const add = { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'late', type: 'echo', depends_on: ['wait'] } }] };

    // No Temporal: nothing can be checked against the live graph, so nothing is recorded.
    const cut = await startApi(suiteConfig({ DATABASE_URL: ctx.suite.config.database.url as string, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
    try {
      const down = await propose(runId, add, cut.url);
      expect(down.status).toBe(503);
      expect(down.body.error).toMatch(/^Temporal /);
    } finally {
      await cut.close();
    }
    expect((await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body.patches).toEqual([]);

    // Terminated behind Steadfast's back: Postgres still says running, but no workflow takes the signal.
    const temporal = await temporalClient(ctx.suite.config);
    try {
      await temporal.client.workflow.getHandle(runId).terminate('test: the workflow is gone');
    } finally {
      await temporal.close();
    }
    expect((await request(ctx.base, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('running');
    const gone = await propose(runId, add);
    expect(gone).toMatchObject({ status: 409, body: { error: 'Run is not active: its workflow has already ended' } });
    const { patches } = (await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(patches).toEqual([
      expect.objectContaining({ status: 'rejected', rejected_reason: 'not delivered to the run: Run is not active: its workflow has already ended' }),
    ]);
  });

  it('checks a patch signalled straight through Temporal in the workflow: refused with its reason, on the stream and in /patches', async () => {
    const runId = await startRunUntilWaitStarts([
      { id: 'wait', type: 'delay', config: { duration: '2s' } },
      { id: 'end', type: 'echo', config: { value: 'end' }, depends_on: ['wait'] },
    ]);
    const temporal = await temporalClient(ctx.suite.config);
    try {
      const handle = temporal.client.workflow.getHandle(runId);
      await handle.signal(applyPatchSignal, { patch_id: 'by-hand-1', operations: [{ op: 'remove', path: '/nodes/0' }], reason: 'by hand', source: 'temporal' });
      await handle.signal(applyPatchSignal, {
        patch_id: 'by-hand-2',
        operations: [{ op: 'add', path: '/nodes/-', value: { id: 'extra', type: 'echo', config: { value: 'extra' }, depends_on: ['wait'] } }],
        source: 'temporal',
      });
    } finally {
      await temporal.close();
    }

    const refused = await waitForEvent(runId, (e) => e.type === 'patch_rejected');
    expect(refused).toMatchObject({
      patch_id: 'by-hand-1',
      source: 'temporal',
      reason: 'the patched workflow is invalid: node "end": depends_on references unknown node "wait"',
    });
    const run = await waitForStatus(ctx.base, runId, TERMINAL_RUN_STATUSES);
    expect(run.output).toEqual({ end: 'end', extra: 'extra' });

    const { patches } = (await request(ctx.base, 'GET', `/api/runs/${runId}/patches`)).body;
    expect(patches.map((p) => [p.id, p.source, p.status, p.revision, p.rejected_reason, p.base_revision])).toEqual([
      ['by-hand-1', 'temporal', 'rejected', null, refused.reason, null],
      ['by-hand-2', 'temporal', 'applied', 1, null, null],
    ]);
  });
});
