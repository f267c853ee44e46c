import { Client, Connection } from '@temporalio/client';
import { Steadfast } from '@steadfast/sdk';
import { approvalDecisionSignal, definitionQuery, eventsQuery } from '@steadfast/sdk/temporal';
import { useSuite } from '../support/harness';
import { gated } from '../support/approvals';
import { eventually } from '../support/eventually';

/**
 * A service that talks to Temporal directly, with nothing of Steadfast's but @steadfast/sdk/temporal:
 * it decides an approval by signal and reads the run's events by query (the example in docs/sdk.md).
 */
describe('@steadfast/sdk/temporal with a plain Temporal client', () => {
  const ctx = useSuite();

  it('decides an approval by signal and reads the events and the definition by query', async () => {
    const sf = new Steadfast({ baseUrl: ctx.base });
    const run = await sf.runs.create({ name: 'by temporal', workflow: gated({ approvers: [] }), input: { release: '2026.12' }, start: true });
    const [approval] = await eventually(async () => {
      const pending = await sf.approvals.list({ run_id: run.id, status: 'pending' }).toArray();
      if (pending.length === 0) throw new Error('no pending approval yet');
      return pending;
    });

    const connection = await Connection.connect({ address: ctx.suite.config.temporal.address as string });
    try {
      const client = new Client({ connection, namespace: ctx.suite.config.temporal.namespace });
      // The workflow id is the run id.
      const handle = client.workflow.getHandle(run.id);
      expect((await handle.query(definitionQuery)).dag.nodes.map((n) => n.id)).toEqual(['prepare', 'gate', 'ship', 'hold']);
      await handle.signal(approvalDecisionSignal, { approval_id: approval.id, decision: 'approve', decided_by: 'ops', comment: 'by signal' });

      const page = await eventually(async () => {
        const events = await handle.query(eventsQuery, 0);
        if (!events.done) throw new Error('the run has not ended yet');
        return events;
      });
      expect(page.status).toBe('completed');
      expect(page.events.map((e) => e.seq)).toEqual(page.events.map((_, i) => i + 1));
      expect(page.events.find((e) => e.type === 'approval_decided')).toMatchObject({ approval_id: approval.id, decision: 'approved', decided_by: 'ops' });
    } finally {
      await connection.close();
    }
    expect(await sf.approvals.get(approval.id)).toMatchObject({ status: 'approved', decided_by: 'ops' });
  });
});
