/** Per-node retry policy, mapped onto the node's Temporal activity retry policy. */
export interface NodeRetryPolicy {
  max_attempts?: number;
  initial_interval_ms?: number;
  backoff?: number;
  /** Error types (ApplicationFailure types) that are never retried. */
  non_retryable?: string[];
}

/**
 * What a failing node does to its run: fail it (default), let the run continue as if the node had
 * produced null, or hand over to a handler node that runs only on this node's failure.
 */
export type OnError = 'fail_run' | 'continue' | { handler: string };

/** A run's graph as the engine executes it: every field present, defaults applied. */
export interface DagNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
  depends_on: string[];
  /** Runs only if its label-choosing dependencies (condition, error handler, approval) chose this label. */
  when?: string;
  retry?: NodeRetryPolicy;
  timeout_ms?: number;
  on_error?: OnError;
}

export interface Dag {
  nodes: DagNode[];
  /** Run deadline: past it the run stops with status `timed_out`. */
  timeout_ms?: number;
}

export const NODE_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped', 'canceled'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** The label a node whose failure is routed to its handler chooses when it fails. */
export const ERROR_LABEL = 'error';
