import { WorkflowFailedError } from '@temporalio/client';
import type { RunEvent } from '@steadfast/domain';
import { timeline, useWorkflowHarness } from '../support/workflow-harness';

/** Where the first event matching `type` and `nodeId` sits in the run's log. */
const at = (events: RunEvent[], type: RunEvent['type'], nodeId: string) => events.findIndex((e) => e.type === type && 'node_id' in e && e.node_id === nodeId);

/** runWorkflow in-process: the scheduler's branch, join, failure and deadline rules, without the API in front. */
describe('runWorkflow: DAG semantics', () => {
  const sut = useWorkflowHarness();

  it('takes the chosen branch, skips the other and what only it feeds, and runs the join on the live branch', async () => {
    const handle = await sut.start(
      {
        nodes: [
          { id: 'check', type: 'condition', config: { expression: 'input.amount > 100 ? "large" : "small"' } },
          { id: 'big', type: 'echo', config: { value: 'manual review' }, depends_on: ['check'], when: 'large' },
          { id: 'after-big', type: 'echo', depends_on: ['big'] },
          { id: 'small', type: 'echo', config: { value: 'auto approve' }, depends_on: ['check'], when: 'small' },
          { id: 'join', type: 'transform', config: { expression: 'nodes.small.output' }, depends_on: ['after-big', 'small'] },
        ],
      },
      { amount: 20 },
    );

    expect(await handle.result()).toEqual({ status: 'completed', output: 'auto approve', error: null });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status, n.label ?? n.skip_reason])).toEqual([
      ['check', 'completed', 'small'],
      ['big', 'skipped', '"check" chose "small", not "large"'],
      ['after-big', 'skipped', 'no dependency completed'],
      ['small', 'completed', null],
      ['join', 'completed', null],
    ]);
    const events = sut.runs.get(handle.workflowId).events;
    expect(timeline(events)).toEqual([
      'status running',
      'node_started check',
      'node_completed check',
      'node_skipped big',
      'node_skipped after-big',
      'node_started small',
      'node_completed small',
      'node_started join',
      'node_completed join',
      'status completed',
      'final completed',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('starts a join only once every branch feeding it has completed', async () => {
    const handle = await sut.start({
      nodes: [
        { id: 'start', type: 'echo', config: { value: 'go' } },
        { id: 'fast', type: 'delay', config: { duration: '50ms' }, depends_on: ['start'] },
        { id: 'slow', type: 'delay', config: { duration: '800ms' }, depends_on: ['start'] },
        { id: 'join', type: 'transform', config: { expression: '[nodes.fast.output.waited_ms, nodes.slow.output.waited_ms]' }, depends_on: ['fast', 'slow'] },
      ],
    });

    expect(await handle.result()).toEqual({ status: 'completed', output: [50, 800], error: null });
    const events = sut.runs.get(handle.workflowId).events;
    // Both branches start together; the join waits for the slower one.
    expect(at(events, 'node_started', 'slow')).toBeLessThan(at(events, 'node_completed', 'fast'));
    expect(at(events, 'node_completed', 'fast')).toBeLessThan(at(events, 'node_completed', 'slow'));
    expect(at(events, 'node_completed', 'slow')).toBeLessThan(at(events, 'node_started', 'join'));
  });

  it('fails the run on a failing node: its running sibling is canceled and what never started is skipped', async () => {
    const handle = await sut.start({
      nodes: [
        { id: 'charge', type: 'fail', config: { message: 'card declined' } },
        // Far longer than the test's timeout: the run can only end in time by cancelling it.
        { id: 'wait', type: 'delay', config: { duration: '10m' } },
        { id: 'ship', type: 'echo', depends_on: ['charge', 'wait'] },
      ],
    });

    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toBe('node "charge" failed: card declined');
    expect(sut.runs.get(handle.workflowId)).toMatchObject({ status: 'failed', output: null, error: 'node "charge" failed: card declined' });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status, n.error ?? n.skip_reason])).toEqual([
      ['charge', 'failed', 'card declined'],
      ['wait', 'canceled', 'canceled after node "charge" failed'],
      ['ship', 'skipped', 'the run failed'],
    ]);
    expect(timeline(sut.runs.get(handle.workflowId).events).slice(-2)).toEqual(['status failed', 'final failed']);
  });

  it('retries a flaky node with its own policy, then hands a failure to its error handler', async () => {
    const handle = await sut.start({
      nodes: [
        { id: 'flaky', type: 'fail', config: { message: 'transient', fail_attempts: 2 }, retry: { max_attempts: 5, initial_interval: '50ms', backoff: 1 } },
        { id: 'charge', type: 'fail', config: { message: 'card declined' }, depends_on: ['flaky'], on_error: { handler: 'refund' } },
        { id: 'ship', type: 'echo', depends_on: ['charge'] },
        { id: 'refund', type: 'echo', config: { value: 'handled: {{ nodes.charge.error }}' }, depends_on: ['charge'] },
      ],
    });

    expect(await handle.result()).toEqual({ status: 'completed', output: 'handled: card declined', error: null });
    expect(sut.nodes(handle.workflowId).map((n) => [n.id, n.status, n.attempts])).toEqual([
      ['flaky', 'completed', 3],
      ['charge', 'failed', null],
      ['ship', 'skipped', null],
      ['refund', 'completed', 1],
    ]);
    expect(sut.nodes(handle.workflowId)[2].skip_reason).toBe('"charge" failed and its error handler took over');
  });

  it('ends a run past its deadline as timed_out, canceling the node in flight', async () => {
    const handle = await sut.start({
      timeout: '500ms',
      nodes: [
        { id: 'first', type: 'echo', config: { value: 1 } },
        { id: 'wait', type: 'delay', config: { duration: '10m' }, depends_on: ['first'] },
      ],
    });

    const failure = await handle.result().catch((err: unknown) => err);
    expect((failure as WorkflowFailedError).cause?.message).toBe('Run timed out after 500 ms');
    expect(sut.runs.get(handle.workflowId)).toMatchObject({ status: 'timed_out', error: 'Run timed out after 500 ms' });
    // The canceled delay gets no event of its own: the run's status says it.
    expect(timeline(sut.runs.get(handle.workflowId).events)).toEqual([
      'status running',
      'node_started first',
      'node_completed first',
      'node_started wait',
      'status timed_out',
      'final timed_out',
    ]);
  });
});
