import type { DagNode } from '@steadfast/domain';
import { DagState } from './dag-state';

const node = (id: string, extra: Partial<DagNode> = {}): DagNode => ({ id, type: 'echo', config: {}, depends_on: [], ...extra });

describe('DagState', () => {
  it('starts every node pending and keeps states in the order nodes first appeared, across patches', () => {
    const sut = new DagState({ nodes: [node('a'), node('b'), node('c')] });
    sut.set('a', { status: 'completed', satisfied: true });
    sut.replace({ nodes: [node('d'), node('a'), node('b')] }, ['d'], ['c']);
    sut.set('b', { status: 'skipped', satisfied: false });
    expect([...sut.entries()].map(([id, state]) => `${id}:${state.status}`)).toEqual(['a:completed', 'b:skipped', 'd:pending']);
    expect(sut.node('d')?.id).toBe('d');
    expect(sut.node('c')).toBeUndefined();
  });

  it('snapshots labels and satisfied only where they are set', () => {
    const sut = new DagState({ nodes: [node('check', { type: 'condition' }), node('x')] });
    sut.set('check', { status: 'completed', satisfied: true, label: 'big' });
    expect(sut.snapshot(3)).toEqual({
      dag: sut.dag,
      revision: 3,
      nodes: { check: { status: 'completed', label: 'big', satisfied: true }, x: { status: 'pending' } },
    });
  });
});
