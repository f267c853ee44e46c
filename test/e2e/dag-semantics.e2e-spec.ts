import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';

describe('DAG semantics: templates, branches, joins, retries, failure handling', () => {
  const ctx = useSuite();

  async function runToEnd(workflow: unknown, input?: unknown) {
    const { body, status } = await request(ctx.base, 'POST', '/api/runs', { name: 'dag', workflow, input, start: true });
    expect(status).toBe(201);
    const run = await waitForStatus(ctx.base, body.run.id, TERMINAL_RUN_STATUSES, 60_000);
    const events = (await request(ctx.base, 'GET', `/api/runs/${run.id}/events?limit=500`)).body.events;
    const byNode = (type: string) => events.filter((e) => e.type === type).map((e) => e.node_id);
    return { run, events, completed: byNode('node_completed'), skipped: byNode('node_skipped'), failed: byNode('node_failed') };
  }

  it('fans out and back in', async () => {
    const fanOut = Array.from({ length: 6 }, (_, i) => ({ id: `w${i}`, type: 'echo', config: { value: i }, depends_on: ['start'] }));
    const { run, completed } = await runToEnd({
      nodes: [
        { id: 'start', type: 'echo', config: { value: 'go' } },
        ...fanOut,
        {
          id: 'sum',
          type: 'transform',
          config: { expression: '$sum([nodes.w0.output, nodes.w1.output, nodes.w2.output, nodes.w3.output, nodes.w4.output, nodes.w5.output])' },
          depends_on: fanOut.map((n) => n.id),
        },
      ],
    });
    expect(run.status).toBe('completed');
    expect(run.output).toBe(15);
    expect(completed[0]).toBe('start');
    expect(completed[completed.length - 1]).toBe('sum');
  });

  it('passes values between nodes through templates, keeping types for whole references', async () => {
    const { run } = await runToEnd(
      {
        nodes: [
          { id: 'fetch', type: 'echo', config: { value: { body: { title: 'Report', pages: 12 } } } },
          {
            id: 'shape',
            type: 'echo',
            config: { value: { heading: 'Title: {{ nodes.fetch.output.body.title }}', pages: '{{ nodes.fetch.output.body.pages }}', who: '{{ input.user }}' } },
            depends_on: ['fetch'],
          },
        ],
      },
      { user: 'ada' },
    );
    expect(run.output).toEqual({ heading: 'Title: Report', pages: 12, who: 'ada' });
  });

  it('fails the node, not with undefined, when a template reads a missing value', async () => {
    const { run, failed } = await runToEnd({
      nodes: [
        { id: 'fetch', type: 'echo', config: { value: { body: {} } } },
        { id: 'use', type: 'echo', config: { value: '{{ nodes.fetch.output.body.title }}' }, depends_on: ['fetch'] },
      ],
    });
    expect(run.status).toBe('failed');
    expect(failed).toEqual(['use']);
    expect(run.error).toBe('node "use" failed: {{ nodes.fetch.output.body.title }} refers to a missing value: nodes.fetch.output.body has no "title"');
  });

  it('takes one branch of a condition, skips the other, and the join waits only for the live branch', async () => {
    const workflow = {
      nodes: [
        { id: 'check', type: 'condition', config: { expression: 'input.amount > 100 ? "large" : "small"' } },
        { id: 'big', type: 'echo', config: { value: 'manual review' }, depends_on: ['check'], when: 'large' },
        { id: 'small', type: 'echo', config: { value: 'auto approve' }, depends_on: ['check'], when: 'small' },
        { id: 'after-big', type: 'echo', depends_on: ['big'] },
        {
          id: 'join',
          type: 'transform',
          config: { expression: 'nodes.small.status = "completed" ? nodes.small.output : nodes.big.output' },
          depends_on: ['after-big', 'small'],
        },
      ],
    };
    const small = await runToEnd(workflow, { amount: 20 });
    expect(small.run.status).toBe('completed');
    expect(small.skipped.sort()).toEqual(['after-big', 'big']);
    expect(small.run.output).toBe('auto approve');
    expect(small.events.find((e) => e.type === 'node_completed' && e.node_id === 'check')?.label).toBe('small');

    const large = await runToEnd(workflow, { amount: 500 });
    expect(large.skipped).toEqual(['small']);
    expect(large.run.output).toBe('manual review');

    const nodes = (await request(ctx.base, 'GET', `/api/runs/${large.run.id}/nodes`)).body;
    expect(nodes.success).toBe(true);
    expect(nodes.nodes.map((n) => [n.id, n.type, n.status])).toEqual([
      ['check', 'condition', 'completed'],
      ['big', 'echo', 'completed'],
      ['small', 'echo', 'skipped'],
      ['after-big', 'echo', 'completed'],
      ['join', 'transform', 'completed'],
    ]);
    expect(nodes.nodes[0]).toMatchObject({ label: 'large', output: { label: 'large', value: 'large' }, attempts: 1, error: null });
    expect(nodes.nodes[2].skip_reason).toBe('"check" chose "large", not "small"');
    expect(Date.parse(String(nodes.nodes[1].completed_at))).toBeGreaterThanOrEqual(Date.parse(String(nodes.nodes[1].started_at)));
  });

  it('retries a flaky node with its own policy and then succeeds', async () => {
    const { run, events } = await runToEnd({
      nodes: [
        { id: 'flaky', type: 'fail', config: { message: 'transient', fail_attempts: 2 }, retry: { max_attempts: 5, initial_interval: '100ms', backoff: 1 } },
      ],
    });
    expect(run.status).toBe('completed');
    expect(events.find((e) => e.type === 'node_completed')?.attempts).toBe(3);
  });

  it('gives up after retry.max_attempts', async () => {
    const { run } = await runToEnd({
      nodes: [{ id: 'flaky', type: 'fail', config: { message: 'still down', fail_attempts: 5 }, retry: { max_attempts: 2, initial_interval: '50ms' } }],
    });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('still down (attempt 2)');
  });

  it.each([
    {
      title: 'continues the run past a failed node with on_error: continue',
      nodes: [
        { id: 'optional', type: 'fail', config: { message: 'not needed' }, on_error: 'continue' },
        { id: 'next', type: 'echo', config: { value: 'went on' }, depends_on: ['optional'] },
      ],
      settled: { failed: ['optional'], completed: ['next'] },
      output: 'went on',
    },
    {
      title: 'routes a failure to its error handler and skips the success path',
      nodes: [
        { id: 'charge', type: 'fail', config: { message: 'card declined' }, on_error: { handler: 'refund' } },
        { id: 'ship', type: 'echo', depends_on: ['charge'] },
        { id: 'refund', type: 'echo', config: { value: 'handled: {{ nodes.charge.error }}' }, depends_on: ['charge'] },
      ],
      settled: { completed: ['refund'], skipped: ['ship'] },
      // The skipped success path is no sink with an output: the one completed sink's output is the run's.
      output: 'handled: card declined',
    },
  ])('$title', async ({ nodes, settled, output }) => {
    const { run, completed, skipped, failed } = await runToEnd({ nodes });
    expect(run.status).toBe('completed');
    // Only the lists a case names are checked, each exactly.
    expect({ completed, skipped, failed }).toMatchObject(settled);
    expect(run.output).toBe(output);
  });

  it('skips an unknown node type with a warning, and its dependants still run', async () => {
    const { run, events } = await runToEnd({
      nodes: [
        { id: 'future', type: 'quantum_step' },
        { id: 'after', type: 'echo', config: { value: 'still ran' }, depends_on: ['future'] },
      ],
    });
    expect(run.status).toBe('completed');
    expect(run.output).toBe('still ran');
    expect(events.some((e) => e.type === 'log' && e.level === 'warn' && e.message.includes('quantum_step'))).toBe(true);
  });

  it('rejects templates that read a node outside the dependencies, and bad node options, with 422', async () => {
    const res = await request(ctx.base, 'POST', '/api/runs', {
      name: 'bad',
      workflow: {
        nodes: [
          { id: 'a', type: 'echo' },
          { id: 'b', type: 'echo', config: { value: '{{ nodes.a.output }}' } },
          { id: 'c', type: 'condition', config: { expression: '(((' }, depends_on: ['a'] },
          { id: 'd', type: 'echo', depends_on: ['a'], retry: { max_attempts: 0 }, on_error: 'ignore' },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        'node "d": retry.max_attempts must be an integer from 1 to 100',
        'node "d": on_error must be "fail_run", "continue" or {"handler": "<node id>"}',
      ]),
    );
    expect(res.body.details.some((d: string) => d.startsWith('node "c": config.expression is not valid JSONata'))).toBe(true);
    const scope = await request(ctx.base, 'POST', '/api/runs', {
      name: 'bad',
      workflow: {
        nodes: [
          { id: 'a', type: 'echo' },
          { id: 'b', type: 'echo', config: { value: '{{ nodes.a.output }}' } },
        ],
      },
    });
    expect(scope.body.details).toEqual(['node "b": a template reads node "a", which is not among its dependencies']);
  });
});
