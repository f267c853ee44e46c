import type { DagNode } from '@steadfast/domain';
import { failedState } from './node-failure';

const node = (id: string, extra: Partial<DagNode> = {}): DagNode => ({ id, type: 'echo', config: {}, depends_on: [], ...extra });

describe('failedState', () => {
  it.each([
    [undefined, { status: 'failed', satisfied: false, error: 'boom' }, true],
    ['fail_run' as const, { status: 'failed', satisfied: false, error: 'boom' }, true],
    ['continue' as const, { status: 'failed', satisfied: true, error: 'boom' }, false],
    [{ handler: 'rescue' }, { status: 'failed', satisfied: false, label: 'error', error: 'boom' }, false],
  ])('on_error %j', (onError, state, failsRun) => {
    const sut = failedState(node('a', onError === undefined ? {} : { on_error: onError }), 'boom');
    expect(sut).toEqual({ state, failsRun });
  });
});
