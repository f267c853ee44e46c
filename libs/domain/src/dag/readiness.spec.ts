import { completionBlockers, nodeReadiness } from './readiness';
import { completed, node, routedFailure, skipped, view, type States } from '../../../../test/support/readiness-model';

describe('nodeReadiness', () => {
  const check = node('check', [], { type: 'condition' });
  const big = node('big', ['check'], { when: 'big' });
  const small = node('small', ['check'], { when: 'small' });
  const report = node('report', ['big', 'small']);
  const graph = [check, big, small, report];

  it('runs a root at once and waits for a dependency that is pending or running', () => {
    expect(nodeReadiness(check, view(graph, {}))).toBe('run');
    expect(nodeReadiness(big, view(graph, { check: { status: 'pending' } }))).toBe('wait');
    expect(nodeReadiness(big, view(graph, { check: { status: 'running' } }))).toBe('wait');
  });

  it('follows the branch a label-choosing dependency chose', () => {
    const states = { check: completed('big') };
    expect(nodeReadiness(big, view(graph, states))).toBe('run');
    expect(nodeReadiness(small, view(graph, states))).toEqual({ skip: '"check" chose "big", not "small"' });
  });

  it('ignores `when` against a dependency that does not choose labels', () => {
    const sut = node('after', ['fetch'], { when: 'x' });
    expect(nodeReadiness(sut, view([node('fetch'), sut], { fetch: completed() }))).toBe('run');
  });

  it('runs a join one branch reached once every branch settled, and skips it when none did', () => {
    expect(nodeReadiness(report, view(graph, { big: completed(), small: { status: 'running' } }))).toBe('wait');
    expect(nodeReadiness(report, view(graph, { big: completed(), small: skipped }))).toBe('run');
    expect(nodeReadiness(report, view(graph, { big: skipped, small: skipped }))).toEqual({ skip: 'no dependency completed' });
    expect(nodeReadiness(report, view(graph, { big: { status: 'canceled' }, small: { status: 'failed' } }))).toEqual({ skip: 'no dependency completed' });
  });

  it('lets dependants of an unknown type and of a failure with on_error continue run', () => {
    const sut = node('after', ['mystery', 'flaky']);
    const states = { mystery: { status: 'skipped', satisfied: true }, flaky: { status: 'failed', satisfied: true } } as States;
    expect(nodeReadiness(sut, view([node('mystery', [], { type: 'mystery' }), node('flaky', [], { on_error: 'continue' }), sut], states))).toBe('run');
  });

  describe('an error edge', () => {
    const risky = node('risky', [], { on_error: { handler: 'rescue' } });
    const rescue = node('rescue', ['risky']);
    const next = node('next', ['risky']);
    const nodes = [risky, rescue, next];

    it('runs the handler only on the failure, and the other dependants only on success', () => {
      expect(nodeReadiness(rescue, view(nodes, { risky: routedFailure }))).toBe('run');
      expect(nodeReadiness(next, view(nodes, { risky: routedFailure }))).toEqual({ skip: '"risky" failed and its error handler took over' });
      expect(nodeReadiness(rescue, view(nodes, { risky: completed() }))).toEqual({ skip: '"risky" did not fail' });
      expect(nodeReadiness(next, view(nodes, { risky: completed() }))).toBe('run');
    });

    it('skips a handler whose node never ran', () => {
      expect(nodeReadiness(rescue, view(nodes, { risky: skipped }))).toEqual({ skip: '"risky" did not fail' });
    });

    it('does not hold a handler to a `when` on the failed node', () => {
      const gate = node('gate', [], { type: 'approval', on_error: { handler: 'fallback' } });
      const fallback = node('fallback', ['gate'], { when: 'approved' });
      expect(nodeReadiness(fallback, view([gate, fallback], { gate: routedFailure }))).toBe('run');
    });
  });

  it('decides in depends_on order: an exclusion listed before an open dependency skips at once', () => {
    const first = node('x', ['check', 'slow'], { when: 'small' });
    const last = node('y', ['slow', 'check'], { when: 'small' });
    const states = { check: completed('big'), slow: { status: 'running' } } as States;
    const nodes = [check, node('slow'), first, last];
    expect(nodeReadiness(first, view(nodes, states))).toEqual({ skip: '"check" chose "big", not "small"' });
    expect(nodeReadiness(last, view(nodes, states))).toBe('wait');
  });

  it('treats a dependency with no state as pending', () => {
    expect(nodeReadiness(big, view(graph, {}))).toBe('wait');
  });
});

describe('completionBlockers', () => {
  const fetch = node('fetch');
  const check = node('check', ['fetch'], { type: 'condition' });
  const big = node('big', ['check'], { when: 'big' });
  const small = node('small', ['check'], { when: 'small' });
  const report = node('report', ['big', 'small']);
  const graph = [fetch, check, big, small, report];

  it('lets everything downstream of open nodes complete', () => {
    const sut = completionBlockers(view(graph, { fetch: { status: 'running' } }));
    expect(graph.map((n) => sut(n.id))).toEqual([null, null, null, null, null]);
  });

  it('names the branch a decided condition excluded, and a dependant of only skipped nodes', () => {
    const sut = completionBlockers(view(graph, { fetch: completed(), check: completed('big'), big: { status: 'running' }, small: skipped }));
    expect(sut('small')).toBe('it is skipped');
    expect(sut('big')).toBeNull();
    expect(sut('report')).toBeNull();
    const alt = node('alt', ['check'], { when: 'small' });
    const afterSmall = node('after_small', ['small']);
    const patched = completionBlockers(view([...graph, alt, afterSmall], { check: completed('big'), small: skipped }));
    expect(patched('alt')).toBe('"check" chose "big", not "small"');
    expect(patched('after_small')).toBe('none of its dependencies can complete ("small": it is skipped)');
  });

  it('follows an undecided condition forward: a pending branch blocked further up blocks its dependants', () => {
    const states = { fetch: completed(), check: completed('big') };
    const tail = node('tail', ['small']);
    expect(completionBlockers(view([...graph, tail], states))('tail')).toBe(
      'none of its dependencies can complete ("small": "check" chose "big", not "small")',
    );
  });

  describe('an error edge', () => {
    const risky = node('risky', [], { on_error: { handler: 'rescue' } });
    const rescue = node('rescue', ['risky']);
    const afterRescue = node('after_rescue', ['rescue']);
    const next = node('next', ['risky']);
    const nodes = [risky, rescue, afterRescue, next];

    it('lets the handler and what follows it complete once the node failed', () => {
      const sut = completionBlockers(view(nodes, { risky: routedFailure }));
      expect(sut('rescue')).toBeNull();
      expect(sut('after_rescue')).toBeNull();
      expect(sut('next')).toBe('"risky" failed and its error handler took over');
    });

    it('blocks the handler once the node completed', () => {
      const sut = completionBlockers(view(nodes, { risky: completed() }));
      expect(sut('rescue')).toBe('"risky" did not fail');
      expect(sut('after_rescue')).toBe('none of its dependencies can complete ("rescue": "risky" did not fail)');
      expect(sut('next')).toBeNull();
    });

    it('keeps both ways open while the node runs', () => {
      const sut = completionBlockers(view(nodes, { risky: { status: 'running' } }));
      expect(nodes.map((n) => sut(n.id))).toEqual([null, null, null, null]);
    });
  });

  it('counts settled nodes that completed, run, or count as done', () => {
    const states = { a: completed(), b: { status: 'running' }, c: { status: 'failed', satisfied: true }, d: { status: 'canceled' } } as States;
    const sut = completionBlockers(view([node('a'), node('b'), node('c'), node('d')], states));
    expect(['a', 'b', 'c', 'd'].map(sut)).toEqual([null, null, null, 'it is canceled']);
  });
});
