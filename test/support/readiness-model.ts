import fc from 'fast-check';
import { nodeReadiness, type DagNode, type DagView, type ReadinessState } from '@steadfast/domain';

/*
 * Graphs and node states for the readiness specs (libs/domain/src/dag/readiness*.spec.ts), and the model
 * their properties run: it plays a graph as the scheduler does (launch what is ready until nothing
 * changes, then settle one running node), with every outcome a node may have. It lives here, not beside
 * the specs, so the library's build holds no test code.
 */
export type States = Record<string, ReadinessState>;

export const node = (id: string, depends_on: string[] = [], extra: Partial<DagNode> = {}): DagNode => ({
  id,
  type: 'echo',
  config: {},
  depends_on,
  ...extra,
});
export const view = (nodes: DagNode[], states: States): DagView => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return { node: (id) => byId.get(id), state: (id) => states[id] };
};
export const completed = (label?: string): ReadinessState => ({ status: 'completed', satisfied: true, ...(label !== undefined ? { label } : {}) });
export const skipped: ReadinessState = { status: 'skipped' };
export const routedFailure: ReadinessState = { status: 'failed', label: 'error' };

const LABELS = ['a', 'b'];
const TYPES = ['echo', 'condition', 'approval', 'mystery'];

interface Shape {
  type: number;
  deps: boolean[];
  when: number;
  onError: number;
}

/** Small random graphs n0..n5: each node may depend on earlier ones, carry a `when`, and continue or hand a failure to a dependant. */
export const graphArb = fc
  .array(fc.record({ type: fc.nat(3), deps: fc.array(fc.boolean(), { maxLength: 5 }), when: fc.nat(2), onError: fc.nat(3) }), { minLength: 1, maxLength: 6 })
  .map((shapes: Shape[]) => {
    const nodes = shapes.map((shape, i) => {
      const depends_on = shape.deps.slice(0, i).flatMap((on, j) => (on ? [`n${j}`] : []));
      return node(`n${i}`, depends_on, { type: TYPES[shape.type], ...(shape.when < 2 && depends_on.length > 0 ? { when: LABELS[shape.when] } : {}) });
    });
    shapes.forEach((shape, i) => {
      const dependants = nodes.filter((other) => other.depends_on.includes(`n${i}`));
      if (shape.onError === 1) nodes[i].on_error = 'continue';
      if (shape.onError >= 2 && dependants.length > 0) nodes[i].on_error = { handler: dependants[(shape.onError - 2) % dependants.length].id };
    });
    return nodes;
  });

export const isOpen = (state: ReadinessState | undefined) => state === undefined || state.status === 'pending' || state.status === 'running';

/** What a started node may end as: completed (with each label its type can choose) or failed. */
function outcomes(n: DagNode): ReadinessState[] {
  const done = TYPES.indexOf(n.type) === 1 || TYPES.indexOf(n.type) === 2 ? LABELS.map((label) => completed(label)) : [completed()];
  const failure: ReadinessState =
    n.on_error === 'continue' ? { status: 'failed', satisfied: true } : typeof n.on_error === 'object' ? routedFailure : { status: 'failed' };
  return [...done, failure];
}

/** The scheduler's launch pass; returns the ids it started (an unknown type "starts" as a satisfied skip). */
export function launchReady(nodes: DagNode[], states: States): string[] {
  const started: string[] = [];
  for (let decided = true; decided;) {
    decided = false;
    for (const n of nodes) {
      if (!isOpen(states[n.id]) || states[n.id]?.status === 'running') continue;
      const verdict = nodeReadiness(n, view(nodes, states));
      if (verdict === 'wait') continue;
      decided = true;
      if (verdict !== 'run') states[n.id] = skipped;
      else {
        started.push(n.id);
        states[n.id] = n.type === 'mystery' ? { status: 'skipped', satisfied: true } : { status: 'running' };
      }
    }
  }
  return started;
}

export const failsRun = (state: ReadinessState) => state.status === 'failed' && !state.satisfied && state.label === undefined;

/** Plays the run forward from `choices`; stops early when the choices run out or a failure fails the run. */
export function playTo(nodes: DagNode[], choices: number[]): States {
  const states: States = {};
  for (const choice of choices) {
    launchReady(nodes, states);
    const running = nodes.filter((n) => states[n.id]?.status === 'running');
    if (running.length === 0) break;
    const n = running[choice % running.length];
    const options = outcomes(n);
    states[n.id] = options[Math.floor(choice / running.length) % options.length];
    if (failsRun(states[n.id])) break;
  }
  return states;
}

/** Every node that starts in some continuation of the run from `states`. */
export function everStarts(nodes: DagNode[], from: States): Set<string> {
  const seen = new Set<string>();
  const result = new Set<string>();
  const explore = (states: States) => {
    const key = JSON.stringify(nodes.map((n) => states[n.id] ?? null));
    if (seen.has(key)) return;
    seen.add(key);
    for (const id of launchReady(nodes, states)) result.add(id);
    for (const n of nodes.filter((m) => states[m.id]?.status === 'running')) {
      for (const outcome of outcomes(n)) {
        if (failsRun(outcome)) continue; // nothing starts after a failure that fails the run
        explore({ ...structuredClone(states), [n.id]: outcome });
      }
    }
  };
  explore(structuredClone(from));
  return result;
}
