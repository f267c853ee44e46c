import type { Dag, DagNode, DagView, NodeStatus, RunDagState } from '@steadfast/domain';

export interface NodeState {
  status: NodeStatus;
  /** Counts as done for its dependants: completed, skipped as an unknown type, or failed with on_error continue. */
  satisfied: boolean;
  /** The branch this node chose for its dependants' `when` (label-choosing nodes; `error` for a routed failure). */
  label?: string;
  error?: string;
}

/**
 * The run's graph as it is now (patches replace it) and every node's state. States keep the order nodes
 * first appeared in (the graph's, then patched-in nodes): templates and the definition query list them so.
 */
export class DagState implements DagView {
  private readonly states = new Map<string, NodeState>();
  private byId = new Map<string, DagNode>();

  constructor(private current: Dag) {
    for (const node of current.nodes) this.states.set(node.id, { status: 'pending', satisfied: false });
    this.index();
  }

  get dag(): Dag {
    return this.current;
  }

  node(id: string): DagNode | undefined {
    return this.byId.get(id);
  }

  state(id: string): NodeState | undefined {
    return this.states.get(id);
  }

  statusOf(id: string): NodeStatus | undefined {
    return this.states.get(id)?.status;
  }

  set(id: string, state: NodeState): void {
    this.states.set(id, state);
  }

  /** A checked patch's graph: added nodes start pending, removed (pending) ones are forgotten. */
  replace(dag: Dag, added: string[], removed: string[]): void {
    this.current = dag;
    for (const id of removed) this.states.delete(id);
    for (const id of added) this.states.set(id, { status: 'pending', satisfied: false });
    this.index();
  }

  /** States in the order nodes first appeared. */
  entries(): IterableIterator<[string, NodeState]> {
    return this.states.entries();
  }

  count(settled: (state: NodeState) => boolean): number {
    return [...this.states.values()].filter(settled).length;
  }

  /** The graph and every node's state, as patches are checked against them (definitionQuery). */
  snapshot(revision: number): RunDagState {
    const nodes: RunDagState['nodes'] = {};
    for (const [id, state] of this.states) {
      nodes[id] = { status: state.status, ...(state.label !== undefined ? { label: state.label } : {}), ...(state.satisfied ? { satisfied: true } : {}) };
    }
    return { dag: this.current, revision, nodes };
  }

  private index(): void {
    this.byId = new Map(this.current.nodes.map((node) => [node.id, node]));
  }
}
