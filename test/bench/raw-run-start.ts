import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { monotonicFactory } from 'ulid';
import { defaultDag } from '@steadfast/domain';
import { RUN_WORKFLOW_TYPE, SEARCH_ATTRIBUTES, type RunWorkflowInput } from '@steadfast/engine';

const ulid = monotonicFactory();

/** The tenant every bench request acts as: authentication is off, so the API puts its runs there too. */
const TENANT = 'default';

/**
 * A raw client start of the very workflow the API starts for `POST /api/runs {"start": true}` without
 * `workflow` or `tags`: the same input shape, policies, search attributes, memo and summary as
 * apps/api/src/infrastructure/run-workflow.gateway.ts. The gap between this and the API is what the HTTP layer and
 * Postgres cost. The run is real: its claim writes the Postgres row the API would have inserted.
 */
export function rawRunStart(client: Client, taskQueue: string) {
  return async (name: string, input: unknown): Promise<void> => {
    const runId = `run-${ulid()}`;
    const args: RunWorkflowInput = { runId, tenant: TENANT, name, dag: defaultDag(), input, tags: [] };
    await client.workflow.start(RUN_WORKFLOW_TYPE, {
      workflowId: runId,
      taskQueue,
      args: [args],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.status, value: 'running' },
        { key: SEARCH_ATTRIBUTES.name, value: name },
        { key: SEARCH_ATTRIBUTES.tags, value: args.tags },
        { key: SEARCH_ATTRIBUTES.tenant, value: TENANT },
      ],
      memo: { tenant: TENANT },
      staticSummary: `Steadfast run "${name}"`,
    });
  };
}
