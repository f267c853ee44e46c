import type { Client } from '@temporalio/client';
import { BASELINE_CHAIN_WORKFLOW_TYPE, RUN_WORKFLOW_TYPE } from '@steadfast/engine';
import type { RateSubject } from './rate-finder';
import { soakWorkflow } from './traffic';

const REQUEST_TIMEOUT_MS = 30_000;

/** Steadfast as a client meets it: `POST /api/runs` with `start: true` and the soak's three-node DAG, its timer fixed. */
export function steadfastSubject(api: string, tag: string, delayMs: number): RateSubject {
  return {
    name: 'Steadfast',
    workflowType: RUN_WORKFLOW_TYPE,
    async start(i) {
      const body = {
        name: `rate-${i}`,
        input: { i },
        tags: [tag],
        start: true,
        workflow: soakWorkflow(i, delayMs),
      };
      try {
        const res = await fetch(`${api}/api/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const answer = (await res.json()) as { run?: { id?: string } };
        return res.status === 201 ? answer.run?.id : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Bare Temporal doing the same work on the same server and worker: echo activity, durable timer, echo activity. */
export function rawChainSubject(client: Client, taskQueue: string, tag: string, delayMs: number): RateSubject {
  return {
    name: 'raw Temporal',
    workflowType: BASELINE_CHAIN_WORKFLOW_TYPE,
    async start(i) {
      const workflowId = `${tag}-raw-${i}`;
      try {
        await client.workflow.start(BASELINE_CHAIN_WORKFLOW_TYPE, { workflowId, taskQueue, args: [delayMs] });
        return workflowId;
      } catch {
        return undefined;
      }
    },
  };
}
