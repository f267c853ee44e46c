/** A run's graph as the engine executes it: every field present, defaults applied. */
export interface DagNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
  depends_on: string[];
}

export interface Dag {
  nodes: DagNode[];
  /** Run deadline: past it the run stops with status `timed_out`. */
  timeout_ms?: number;
}

export type NodeStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'canceled';
