import type { DagNode } from '@steadfast/domain';
import { DagState } from './dag-state';
import { templateContext } from './template-context';

const node = (id: string, extra: Partial<DagNode> = {}): DagNode => ({ id, type: 'echo', config: {}, depends_on: [], ...extra });

describe('templateContext', () => {
  it('shows settled nodes only, with their output or null and their error', () => {
    const state = new DagState({ nodes: [node('a'), node('b'), node('c'), node('d')] });
    state.set('a', { status: 'completed', satisfied: true });
    state.set('b', { status: 'failed', satisfied: true, error: 'boom' });
    state.set('c', { status: 'running', satisfied: false });
    const sut = templateContext(state, { a: { n: 1 } }, { id: 'run-1', name: 'demo', input: undefined });
    expect(sut).toEqual({
      input: null,
      nodes: { a: { status: 'completed', output: { n: 1 }, error: null }, b: { status: 'failed', output: null, error: 'boom' } },
      run: { id: 'run-1', name: 'demo' },
    });
  });
});
