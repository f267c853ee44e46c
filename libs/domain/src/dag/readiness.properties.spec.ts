import fc from 'fast-check';
import type { DagNode, NodeStatus } from './dag.types';
import { completionBlockers, nodeReadiness } from './readiness';
import { everStarts, failsRun, graphArb, isOpen, launchReady, playTo, view, type States } from '../../../../test/support/readiness-model';

/* Properties over small random graphs, played by the scheduler model in test/support/readiness-model.ts. */

/**
 * Plays runs of `graphs` forward (passing over any a failure has already failed) and launches what is
 * ready; then, for every node neither settled nor running, hands `check` what completionBlockers says of
 * it (null: it can still complete) and whether some continuation of the run starts it.
 */
function checkEveryUndecidedNode(graphs: fc.Arbitrary<DagNode[]>, check: (blocker: string | null, starts: boolean) => void): void {
  fc.assert(
    fc.property(graphs, fc.array(fc.nat(30), { maxLength: 8 }), (nodes, choices) => {
      const states = playTo(nodes, choices);
      if (nodes.some((n) => states[n.id] && failsRun(states[n.id]))) return;
      launchReady(nodes, states);
      const sut = completionBlockers(view(nodes, states));
      const starts = everStarts(nodes, states);
      for (const n of nodes) {
        if (!isOpen(states[n.id]) || states[n.id]?.status === 'running') continue;
        check(sut(n.id), starts.has(n.id));
      }
    }),
    { numRuns: 300 },
  );
}

const statusArb = fc.constantFrom<NodeStatus>('pending', 'running', 'completed', 'failed', 'skipped', 'canceled');
const stateArb = fc.record({ status: statusArb, label: fc.option(fc.constantFrom('a', 'b', 'error'), { nil: undefined }), satisfied: fc.boolean() });

describe('readiness properties', () => {
  it('reports a node ready only when every dependency has settled, and waiting only while one is open', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.option(stateArb, { nil: undefined }), { minLength: 6, maxLength: 6 }), (nodes, raw) => {
        const states: States = {};
        raw.forEach((state, i) => state && (states[`n${i}`] = state));
        for (const n of nodes) {
          const sut = nodeReadiness(n, view(nodes, states));
          const open = n.depends_on.filter((dep) => isOpen(states[dep]));
          if (sut === 'run') expect(open).toEqual([]);
          if (sut === 'wait') expect(open.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('never calls a node blocked that some continuation of the run still starts', () => {
    checkEveryUndecidedNode(graphArb, (blocker, starts) => {
      if (starts) expect(blocker).toBeNull();
    });
  });

  it('agrees with the scheduler on a pending node whose dependencies have all settled', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.nat(30), { maxLength: 8 }), (nodes, choices) => {
        const states = playTo(nodes, choices);
        const sut = completionBlockers(view(nodes, states));
        for (const n of nodes) {
          if (states[n.id] !== undefined || n.depends_on.some((dep) => isOpen(states[dep]))) continue;
          expect(sut(n.id) === null).toBe(nodeReadiness(n, view(nodes, states)) === 'run');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lets a node on a single chain of undecided nodes complete exactly when some continuation starts it', () => {
    // Without joins nothing correlates two branches, so looking ahead is exact. (It does not know that an
    // unknown type never fails, so the handler of one is left out here: it is called able, never runs.)
    const chain = graphArb.map((nodes) => nodes.map((n) => ({ ...n, depends_on: n.depends_on.slice(-1) })).map((n, _, all) => fixHandler(n, all)));
    checkEveryUndecidedNode(chain, (blocker, starts) => expect(blocker === null).toBe(starts));
  });
});

/** A handler must depend on its node; trimming dependencies can break that, so such a handler is dropped. */
function fixHandler(n: DagNode, all: DagNode[]): DagNode {
  if (typeof n.on_error !== 'object') return n;
  const handler = n.on_error.handler;
  const kept = n.type !== 'mystery' && all.some((other) => other.id === handler && other.depends_on.includes(n.id));
  return kept ? n : { ...n, on_error: 'fail_run' };
}
