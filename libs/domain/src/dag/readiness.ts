import { ERROR_LABEL, type DagNode, type NodeStatus } from './dag.types';
import { nodeTypeSpec } from './node-types';

/** What readiness needs of a node's state. */
export interface ReadinessState {
  status: NodeStatus;
  /** The branch the node chose for its dependants' `when` (label-choosing types; `error` for a routed failure). */
  label?: string;
  /** Counts as done for its dependants: completed, skipped as an unknown type, or failed with on_error continue. */
  satisfied?: boolean;
}

/** The graph as readiness reads it: nodes by id, and their states (none yet means pending). */
export interface DagView {
  node(id: string): DagNode | undefined;
  state(id: string): ReadinessState | undefined;
}

/** Whether a pending node runs now, is skipped (and why), or must wait for a dependency. */
export type Readiness = 'run' | 'wait' | { skip: string };

/** What one settled dependency means for a dependant: it reaches it, misses it, or excludes it outright. */
type Edge = 'reaches' | 'misses' | { excludes: string };

const isOpen = (state: ReadinessState | undefined) => state === undefined || state.status === 'pending' || state.status === 'running';

function settledEdge(node: DagNode, depId: string, dep: ReadinessState, depNode: DagNode | undefined): Edge {
  const onError = depNode?.on_error;
  if (typeof onError === 'object') {
    // An error edge: the handler runs only on the dependency's failure, everything else only on success.
    const failed = dep.label === ERROR_LABEL;
    if (node.id === onError.handler) return failed ? 'reaches' : { excludes: `"${depId}" did not fail` };
    if (failed) return { excludes: `"${depId}" failed and its error handler took over` };
  }
  const choosesLabel = nodeTypeSpec(depNode?.type ?? '')?.choosesLabel;
  if (choosesLabel && node.when !== undefined && dep.status === 'completed' && dep.label !== node.when) {
    return { excludes: `"${depId}" chose "${dep.label}", not "${node.when}"` };
  }
  return dep.satisfied ? 'reaches' : 'misses';
}

/**
 * The scheduler's rule for a pending node, read in `depends_on` order: it waits at the first dependency
 * still open, and is skipped at the first settled one that excludes it (so an exclusion listed before an
 * open dependency decides at once). A join runs once every dependency has settled and at least one
 * reached it; it is skipped only when every branch missed it.
 */
export function nodeReadiness(node: DagNode, view: DagView): Readiness {
  let reached = node.depends_on.length === 0;
  for (const depId of node.depends_on) {
    const dep = view.state(depId);
    if (dep === undefined || isOpen(dep)) return 'wait';
    const edge = settledEdge(node, depId, dep, view.node(depId));
    if (typeof edge === 'object') return { skip: edge.excludes };
    if (edge === 'reaches') reached = true;
  }
  return reached ? 'run' : { skip: 'no dependency completed' };
}

/**
 * The same rule looking ahead, for the patch check: why a node can never complete, or null while it still
 * can. Open dependencies may still go either way (any label, success or failure), so this errs towards
 * "can": a refusal means no continuation of the run lets the node run. A settled node can complete when
 * it completed, is running, or counts as done for its dependants.
 */
export function completionBlockers(view: DagView): (id: string) => string | null {
  const memo = new Map<string, string | null>();
  const blocker = (id: string): string | null => {
    if (memo.has(id)) return memo.get(id) as string | null;
    memo.set(id, 'it is on a cycle'); // unreachable for a validated graph; guards the recursion
    const reason = findBlocker(id);
    memo.set(id, reason);
    return reason;
  };
  const findBlocker = (id: string): string | null => {
    const state = view.state(id);
    if (state && state.status !== 'pending') {
      return state.status === 'completed' || state.status === 'running' || state.satisfied === true ? null : `it is ${state.status}`;
    }
    const node = view.node(id) as DagNode;
    if (node.depends_on.length === 0) return null;
    const edges = node.depends_on.map((depId) => {
      const dep = view.state(depId);
      return dep && !isOpen(dep) ? settledEdge(node, depId, dep, view.node(depId)) : undefined;
    });
    const excluded = edges.find((edge) => typeof edge === 'object');
    if (excluded) return excluded.excludes;
    const misses = node.depends_on.map((depId, i) => {
      const edge = edges[i];
      if (edge === undefined) return view.state(depId)?.status === 'running' ? null : blocker(depId);
      return edge === 'reaches' ? null : `it is ${view.state(depId)?.status}`;
    });
    if (misses.some((miss) => miss === null)) return null;
    return `none of its dependencies can complete (${node.depends_on.map((depId, i) => `"${depId}": ${misses[i]}`).join('; ')})`;
  };
  return blocker;
}
