import { ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { DagNode } from '@steadfast/domain';
import { parseDuration } from '@steadfast/domain';
import type { NodeActivities } from '../activities/node.activities';

export interface NodeContext {
  runId: string;
  runInput: unknown;
  outputs: Record<string, unknown>;
  /** Tell the journal the run is about to wait a while, so pending events reach Postgres first. */
  beforeLongWait(): void;
}

/* Waits at least this long count as long: worth a Postgres write before them. */
const LONG_WAIT_MS = 1000;

export type NodeExecutor = (node: DagNode, ctx: NodeContext) => Promise<unknown>;

const nodeActivities = proxyActivities<NodeActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
});

/** Activity options that make each node readable in the Temporal UI (which node, which type). */
function summary(node: DagNode) {
  return { summary: `${node.type} node "${node.id}"` };
}

/** How each node type executes inside the workflow. Types absent here are skipped with a warning. */
export const NODE_EXECUTORS: Record<string, NodeExecutor> = {
  echo: (node, ctx) =>
    nodeActivities.echo.executeWithOptions(summary(node), [
      { value: 'value' in node.config ? node.config.value : ctx.runInput },
    ]),
  fail: (node) =>
    nodeActivities.fail.executeWithOptions(summary(node), [
      { message: typeof node.config.message === 'string' ? node.config.message : `node "${node.id}" failed` },
    ]),
  delay: async (node, ctx) => {
    const duration = parseDuration(node.config.duration);
    if (duration === undefined) throw ApplicationFailure.nonRetryable(`node "${node.id}": invalid duration`);
    if (duration >= LONG_WAIT_MS) ctx.beforeLongWait();
    // A durable timer: survives worker restarts and is cancelled with the run.
    await sleep(duration);
    return { waited_ms: duration };
  },
};
