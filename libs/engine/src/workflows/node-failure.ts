import { ERROR_LABEL, type DagNode } from '@steadfast/domain';
import type { NodeState } from './dag-state';

/** Thrown when a node fails and the run fails with it (on_error: fail_run, the default). */
export class NodeFailedError extends Error {
  constructor(
    readonly nodeId: string,
    readonly reason: string,
  ) {
    super(`node "${nodeId}" failed: ${reason}`);
  }
}

export function failureMessage(err: unknown): string {
  if (err instanceof Error) {
    // Temporal wraps activity errors in ActivityFailure; the cause carries the activity's own message.
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : err.message;
  }
  return String(err);
}

/** The state a node's own failure leaves it in, by its on_error; only the default fails the run. */
export function failedState(node: DagNode, reason: string): { state: NodeState; failsRun: boolean } {
  const onError = node.on_error ?? 'fail_run';
  if (onError === 'continue') return { state: { status: 'failed', satisfied: true, error: reason }, failsRun: false };
  // A routed failure chooses the error branch: its handler runs, its other dependants are skipped.
  if (typeof onError === 'object') return { state: { status: 'failed', satisfied: false, label: ERROR_LABEL, error: reason }, failsRun: false };
  return { state: { status: 'failed', satisfied: false, error: reason }, failsRun: true };
}
