import { ApplicationFailure } from '@temporalio/workflow';
import { NODE_TYPES, type DagNode } from '@steadfast/domain';
import { executorFor, NODE_EXECUTORS, type NodeContext } from './node-executors';

/* Only what runs without a workflow context: expressions and config parsing. */
const ctx: NodeContext = {
  runId: 'run-1',
  runInput: { a: 1 },
  outputs: {},
  beforeLongWait: () => undefined,
  templates: { input: { a: 1 }, nodes: {}, run: { id: 'run-1', name: 'demo' } },
};
const node = (type: string, config: Record<string, unknown>): DagNode => ({ id: 'n', type, config, depends_on: [] });

describe('executorFor', () => {
  it('has an executor for every node type', () => {
    const sut = Object.keys(NODE_EXECUTORS);
    expect(sut.sort()).toEqual([...NODE_TYPES].sort());
  });

  it.each(['nope', 'toString', 'constructor'])('has none for the unknown type %j', (type) => {
    expect(executorFor(type)).toBeUndefined();
  });

  it('runs a transform over the template context', async () => {
    const sut = executorFor('transform');
    await expect(sut?.(node('transform', { expression: 'input.a + 1' }), ctx)).resolves.toEqual({ output: 2 });
  });

  it('runs a condition and reports its label', async () => {
    const sut = executorFor('condition');
    await expect(sut?.(node('condition', { expression: '$string(input.a)' }), ctx)).resolves.toEqual({ output: { label: '1', value: '1' }, label: '1' });
  });

  it('fails a node whose rendered config cannot run, without retry', () => {
    const sut = executorFor('delay');
    let failure: unknown;
    try {
      void sut?.(node('delay', { duration: 'soon' }), ctx);
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ message: 'node "n": invalid duration', nonRetryable: true });
  });
});
