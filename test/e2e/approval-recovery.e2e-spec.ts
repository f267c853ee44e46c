import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { validateDag } from '@steadfast/domain';
import { RunEventNotifier, RunSyncRepository } from '@steadfast/persistence';
import { RUN_WORKFLOW_TYPE, type ApprovalDeps, type RunWorkflowResult } from '@steadfast/engine';
import { openDatabase, suiteConfig } from '../support/harness';
import { testStack } from '../support/stack-env';
import { createRunWorker } from '../support/workflow-harness';
import type { EventJson } from '../support/api-types';

/*
 * After a worker crash, the workflow task that opened an approval is run again: the approval's row is
 * already in Postgres (and may already be decided through the API) before the re-run issues its id.
 * The real workflow runs here on the real server, with the real event writes; only the approval store
 * is a stand-in, holding the row as the crashed attempt and a decider left it.
 */
describe('an approval decided before the workflow task that opened it is re-run', () => {
  it('follows the stored decision at once instead of waiting for its timeout', async () => {
    const config = suiteConfig();
    const dataSource = await openDatabase(config);
    const taskQueue = `recovery-${randomUUID()}`;
    const opened: string[] = [];
    const approvals: ApprovalDeps['approvals'] = {
      async open(approval) {
        opened.push(approval.id);
        const at = new Date();
        return {
          ...approval,
          tenant: 'default',
          status: 'approved',
          decidedBy: 'ops',
          comment: 'decided during the crash',
          decidedAt: at,
          signaledAt: null,
          createdAt: at,
          updatedAt: at,
        };
      },
      settle: () => Promise.reject(new Error('a stored decision needs no settling')),
    };
    const nativeConnection = await NativeConnection.connect({ address: testStack().temporalAddress });
    const worker = await createRunWorker({
      connection: nativeConnection,
      taskQueue,
      runSync: new RunSyncRepository(dataSource),
      approvals,
      notify: (runIds) => new RunEventNotifier(dataSource).notify(runIds),
    });
    const connection = await Connection.connect({ address: testStack().temporalAddress });
    const client = new Client({ connection });
    try {
      const dag = validateDag({
        nodes: [
          { id: 'gate', type: 'approval', config: { title: 'Deploy?', timeout: '10m' } },
          { id: 'deploy', type: 'echo', config: { value: 'deployed' }, depends_on: ['gate'], when: 'approved' },
        ],
      }).dag!;
      const runId = `run-recovery-${randomUUID().slice(0, 8)}`;
      const result = (await worker.runUntil(
        client.workflow.execute(RUN_WORKFLOW_TYPE, { workflowId: runId, taskQueue, args: [{ runId, name: 'recovery', dag, input: null, tags: [] }] }),
      )) as RunWorkflowResult;

      expect(result).toMatchObject({ status: 'completed', output: 'deployed' });
      expect(opened).toHaveLength(1);
      const rows: { event: EventJson }[] = await dataSource.query(`SELECT event FROM run_events WHERE run_id = $1 ORDER BY seq`, [runId]);
      const events = rows.map((row) => row.event);
      expect(events.find((e) => e.type === 'approval_decided')).toMatchObject({
        approval_id: opened[0],
        decision: 'approved',
        decided_by: 'ops',
        comment: 'decided during the crash',
      });
    } finally {
      await connection.close();
      await nativeConnection.close();
      await dataSource.destroy();
    }
  });
});
