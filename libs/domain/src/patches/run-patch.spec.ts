import { validateDag } from '../dag/validate-dag';
import type { NodeStatus } from '../dag/dag.types';
import { checkRunPatch, patchOperationProblems, type RunDagState } from './run-patch';

const dag = validateDag({
  nodes: [
    { id: 'fetch', type: 'echo', config: { value: 1 } },
    { id: 'check', type: 'condition', config: { expression: '"big"' }, depends_on: ['fetch'] },
    { id: 'big', type: 'echo', depends_on: ['check'], when: 'big' },
    { id: 'small', type: 'echo', depends_on: ['check'], when: 'small' },
    { id: 'report', type: 'echo', depends_on: ['big', 'small'] },
  ],
}).dag!;

function state(statuses: Record<string, NodeStatus>, labels: Record<string, string> = {}): RunDagState {
  const nodes: RunDagState['nodes'] = {};
  for (const node of dag.nodes) {
    const status = statuses[node.id] ?? 'pending';
    nodes[node.id] = { status, ...(labels[node.id] ? { label: labels[node.id] } : {}), ...(status === 'completed' ? { satisfied: true } : {}) };
  }
  return { dag, revision: 0, nodes };
}

const add = (value: unknown) => ({ op: 'add', path: '/nodes/-', value });

describe('checkRunPatch', () => {
  const early = state({ fetch: 'running' });
  const decided = state({ fetch: 'completed', check: 'completed', big: 'running', small: 'skipped' }, { check: 'big' });

  it('adds a node and reports what changed', () => {
    const sut = checkRunPatch(early, [add({ id: 'notify', type: 'echo', depends_on: ['report'] })]);
    expect(sut.errors).toEqual([]);
    expect(sut.added).toEqual(['notify']);
    expect(sut.dag?.nodes.map((n) => n.id)).toEqual(['fetch', 'check', 'big', 'small', 'report', 'notify']);
    // The input graph is never modified.
    expect(dag.nodes).toHaveLength(5);
  });

  it('lets a pending node change but not a running, completed or skipped one', () => {
    expect(checkRunPatch(early, [{ op: 'replace', path: '/nodes/4/config', value: { value: 'done' } }]).errors).toEqual([]);
    expect(checkRunPatch(early, [{ op: 'replace', path: '/nodes/0/config/value', value: 2 }]).errors).toEqual([
      'node "fetch" is running; only pending nodes can be changed',
    ]);
    expect(
      checkRunPatch(decided, [
        { op: 'remove', path: '/nodes/3' },
        { op: 'replace', path: '/nodes/3/depends_on', value: ['big'] },
      ]).errors,
    ).toEqual(['node "small" is skipped; only pending nodes can be removed']);
    expect(checkRunPatch(decided, [{ op: 'add', path: '/nodes/1/retry', value: { max_attempts: 2 } }]).errors).toEqual([
      'node "check" is completed; only pending nodes can be changed',
    ]);
  });

  it('refuses a cycle, an unknown dependency and a bad config through the one DAG validation', () => {
    expect(
      checkRunPatch(early, [{ op: 'add', path: '/nodes/4/depends_on/-', value: 'late' }, add({ id: 'late', type: 'echo', depends_on: ['report'] })]).errors,
    ).toEqual(['the patched workflow is invalid: workflow has a cycle through nodes "report", "late"']);
    expect(checkRunPatch(early, [add({ id: 'x', type: 'echo', depends_on: ['nope'] })]).errors).toEqual([
      'the patched workflow is invalid: node "x": depends_on references unknown node "nope"',
    ]);
    expect(checkRunPatch(early, [add({ id: 'x', type: 'delay', config: {} })]).errors[0]).toMatch(
      /^the patched workflow is invalid: node "x": config.duration/,
    );
  });

  it('holds the agent-node limit across the run', () => {
    const agents = Array.from({ length: 6 }, (_, i) => add({ id: `agent${i}`, type: 'agent', config: { prompt: 'hi' } }));
    expect(checkRunPatch(early, agents.slice(0, 5)).errors).toEqual([]);
    expect(checkRunPatch(early, agents).errors[0]).toMatch(/workflow has 6 agent nodes .* at most 5 are allowed$/);
  });

  it('refuses a node that could never run, and a graph left with no end that can complete', () => {
    // "small" was skipped: a node hanging only off it would be skipped too.
    expect(checkRunPatch(decided, [add({ id: 'after_small', type: 'echo', depends_on: ['small'] })]).errors).toEqual([
      'node "after_small" could never run: none of its dependencies can complete ("small": it is skipped)',
    ]);
    // The condition chose "big": a new "small"-only branch off it is dead on arrival.
    expect(checkRunPatch(decided, [add({ id: 'alt', type: 'echo', depends_on: ['check'], when: 'small' })]).errors).toEqual([
      'node "alt" could never run: "check" chose "big", not "small"',
    ]);
    // Hanging the only end node behind the skipped branch alone leaves nothing to complete.
    expect(checkRunPatch(decided, [{ op: 'replace', path: '/nodes/4/depends_on', value: ['small'] }]).errors).toEqual([
      'node "report" could never run: none of its dependencies can complete ("small": it is skipped)',
    ]);
    expect(checkRunPatch(decided, [add({ id: 'after_big', type: 'echo', depends_on: ['big'] })]).errors).toEqual([]);
  });

  it('follows error edges as the scheduler does: a handler runs only on the failure, other dependants only on success', () => {
    const guarded = validateDag({
      nodes: [
        { id: 'risky', type: 'echo', on_error: { handler: 'rescue' } },
        { id: 'rescue', type: 'echo', depends_on: ['risky'] },
        { id: 'next', type: 'echo', depends_on: ['risky'] },
        { id: 'hold', type: 'delay', config: { duration: 1000 } },
      ],
    }).dag!;
    const at = (risky: RunDagState['nodes'][string]): RunDagState => ({ dag: guarded, revision: 0, nodes: { risky, hold: { status: 'running' } } });
    const failed = at({ status: 'failed', label: 'error' });
    const succeeded = at({ status: 'completed', satisfied: true });
    expect(checkRunPatch(failed, [add({ id: 'after_rescue', type: 'echo', depends_on: ['rescue'] })]).errors).toEqual([]);
    expect(checkRunPatch(failed, [add({ id: 'after_next', type: 'echo', depends_on: ['next'] })]).errors).toEqual([
      'node "after_next" could never run: none of its dependencies can complete ("next": "risky" failed and its error handler took over)',
    ]);
    expect(checkRunPatch(succeeded, [add({ id: 'after_rescue', type: 'echo', depends_on: ['rescue'] })]).errors).toEqual([
      'node "after_rescue" could never run: none of its dependencies can complete ("rescue": "risky" did not fail)',
    ]);
    // A join hanging off a branch the failure excluded is skipped, whatever its other dependencies do.
    expect(checkRunPatch(failed, [add({ id: 'join', type: 'echo', depends_on: ['risky', 'hold'] })]).errors).toEqual([
      'node "join" could never run: "risky" failed and its error handler took over',
    ]);
  });

  it('reports the failing operation of a patch that does not apply, including a failed test', () => {
    const removeFifthIfItIs = (id: string) =>
      checkRunPatch(early, [
        { op: 'test', path: '/nodes/4/id', value: id },
        { op: 'remove', path: '/nodes/4' },
      ]);
    expect(checkRunPatch(early, [{ op: 'remove', path: '/nodes/9' }]).errors[0]).toMatch(/^operations\[0\] \(remove \/nodes\/9\): /);
    expect(removeFifthIfItIs('other').errors).toEqual(['operations[0] (test /nodes/4/id): test failed: the value differs']);
    expect(removeFifthIfItIs('report').removed).toEqual(['report']);
  });

  it('refuses a patch that changes nothing', () => {
    expect(checkRunPatch(early, [{ op: 'test', path: '/nodes/0/id', value: 'fetch' }]).errors).toEqual(['the patch changes nothing']);
  });
});

describe('patchOperationProblems', () => {
  it.each([
    [{}, 'operations must be an array of JSON Patch (RFC 6902) operations'],
    [[], 'operations must contain at least one operation'],
    [[{ op: 'merge', path: '/nodes/0' }], 'operations[0].op must be one of add, remove, replace, move, copy, test'],
    [[{ op: 'replace', path: '/timeout_ms', value: 1 }], 'operations[0].path must be a JSON pointer under /nodes'],
    [[{ op: 'add', path: '/nodes/0/config/__proto__/polluted', value: 1 }], 'operations[0].path must not name __proto__, constructor or prototype'],
    [[{ op: 'add', path: '/nodes/-' }], 'operations[0].value is required for add'],
    [[{ op: 'move', path: '/nodes/0', from: '/x' }], 'operations[0].from must be a JSON pointer under /nodes'],
    [[{ op: 'remove', path: '/nodes/0', extra: 1 }], 'operations[0]: unknown field(s) extra'],
    [Array.from({ length: 51 }, () => ({ op: 'remove', path: '/nodes/0' })), 'operations has 51 entries; at most 50 are allowed'],
  ])('%j is refused', (operations, problem) => {
    expect(patchOperationProblems(operations)).toContain(problem);
  });

  it('never pollutes prototypes, whatever the path spelling', () => {
    const sut = checkRunPatch({ dag: validateDag({ nodes: [{ id: 'a', type: 'echo' }] }).dag!, revision: 0, nodes: { a: { status: 'running' } } }, [
      { op: 'add', path: '/nodes/-', value: JSON.parse('{"id":"b","type":"echo","config":{"__proto__":{"polluted":true}}}') as unknown },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sut.errors).toEqual([]);
  });
});
