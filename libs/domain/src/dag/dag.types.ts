/** A run's graph as the engine executes it: every field present, defaults applied. */
export interface DagNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
  depends_on: string[];
}

export interface Dag {
  nodes: DagNode[];
}

export type NodeStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'canceled';
