import { containsOutputRef, sinkNodes, type DagNode } from '@steadfast/domain';
import type { DagState } from './dag-state';

/** Settled nodes' outputs (null for a skipped unknown type or a failure the run goes on from). */
export class NodeOutputs {
  /** Shared with the executors' context as `outputs`. */
  readonly values: Record<string, unknown> = {};
  /** Nodes whose output is (or holds) a stored-output reference: only then do templates and expressions need the store. */
  private readonly stored = new Set<string>();

  record(nodeId: string, output: unknown): void {
    this.values[nodeId] = output;
    if (containsOutputRef(output)) this.stored.add(nodeId);
  }

  none(nodeId: string): void {
    this.values[nodeId] = null;
  }

  get anyStored(): boolean {
    return this.stored.size > 0;
  }

  /** The run's output: its one completed end node's output, or the completed end nodes' outputs by id. */
  runOutput(state: DagState): unknown {
    const sinks = sinkNodes(state.dag).filter((node: DagNode) => state.statusOf(node.id) === 'completed');
    if (sinks.length === 1) return this.values[sinks[0].id];
    return Object.fromEntries(sinks.map((node) => [node.id, this.values[node.id]]));
  }
}
