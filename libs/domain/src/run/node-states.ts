import type { Dag, NodeStatus } from '../dag/dag.types';
import { isOutputRef, OUTPUT_REF_KEY, type OutputRefTarget } from '../outputs/output-ref';
import type { RunEvent } from './run-event';

export interface NodeState {
  id: string;
  type: string;
  status: NodeStatus;
  attempts: number | null;
  started_at: string | null;
  completed_at: string | null;
  /** Absent when the output is stored by reference: `output_ref` then says where. */
  output?: unknown;
  output_ref?: OutputRefTarget;
  label: string | null;
  error: string | null;
  skip_reason: string | null;
}

/**
 * Each node's state, folded from the run's event log: the log is the single record of what happened, so
 * the node view can never disagree with the stream. Nodes with no event yet are `pending`.
 */
export function foldNodeStates(dag: Dag, events: RunEvent[]): NodeState[] {
  const states = new Map<string, NodeState>(
    dag.nodes.map((node) => [
      node.id,
      {
        id: node.id,
        type: node.type,
        status: 'pending',
        attempts: null,
        started_at: null,
        completed_at: null,
        output: null,
        label: null,
        error: null,
        skip_reason: null,
      },
    ]),
  );
  for (const event of events) {
    if (!('node_id' in event) || event.node_id === undefined) continue;
    const state = states.get(event.node_id);
    if (!state) continue;
    switch (event.type) {
      case 'node_started':
        state.status = 'running';
        state.started_at = event.timestamp;
        break;
      case 'node_completed':
        Object.assign(state, { status: 'completed', completed_at: event.timestamp, label: event.label ?? null });
        if (isOutputRef(event.output)) {
          delete state.output;
          state.output_ref = event.output[OUTPUT_REF_KEY];
        } else state.output = event.output ?? null;
        state.attempts = event.attempts ?? 1;
        break;
      case 'node_failed':
        // Nodes cancelled because another node failed are reported as canceled, not as failures of their own.
        state.status = event.error.startsWith('canceled after node') ? 'canceled' : 'failed';
        state.completed_at = event.timestamp;
        state.error = event.error;
        break;
      case 'node_skipped':
        Object.assign(state, { status: 'skipped', completed_at: event.timestamp, skip_reason: event.reason });
        break;
      default:
        break;
    }
  }
  return [...states.values()];
}
