import { useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';

/*
 * Custom workflow metrics keep the name they were created with: the exporter's `temporal_` prefix is for
 * the SDK's own metrics. The SDK adds namespace, taskQueue and workflowType labels.
 */

/** The samples of one metric on the worker's Prometheus endpoint, by their labels. */
async function samples(metricsUrl: string, name: string): Promise<{ labels: Record<string, string>; value: number }[]> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const [, labelText, value] = /^[^{]+\{(.*)\} (\S+)$/.exec(line) ?? [];
      const labels = Object.fromEntries([...(labelText ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      return { labels, value: Number(value) };
    });
}

/** A metric's samples as sorted [node_type, outcome, value] rows. */
async function byTypeAndOutcome(metricsUrl: string, name: string): Promise<(string | number)[][]> {
  return (await samples(metricsUrl, name)).map(({ labels, value }) => [labels.node_type, labels.outcome, value]).sort();
}

describe("node metrics on the worker's Prometheus endpoint", () => {
  const ctx = useSuite();

  it('counts node executions by type and outcome and times the nodes that ran', async () => {
    const workflow = {
      nodes: [
        { id: 'check', type: 'condition', config: { expression: '"left"' } },
        { id: 'left', type: 'echo', config: { value: 1 }, depends_on: ['check'], when: 'left' },
        { id: 'right', type: 'echo', config: { value: 2 }, depends_on: ['check'], when: 'right' },
        { id: 'optional', type: 'fail', config: { message: 'not needed' }, on_error: 'continue', depends_on: ['left'] },
        { id: 'future', type: 'quantum_step', depends_on: ['left'] },
        { id: 'end', type: 'echo', config: { value: 'done' }, depends_on: ['optional', 'future', 'right'] },
      ],
    };
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'metrics', workflow, start: true });
    expect((await waitForStatus(ctx.base, body.run.id, ['completed', 'failed'])).status).toBe('completed');

    expect(await byTypeAndOutcome(ctx.suite.worker.metricsUrl, 'steadfast_node_executions_total')).toEqual(
      [
        ['condition', 'completed', 1],
        ['echo', 'completed', 2],
        ['echo', 'skipped', 1],
        ['fail', 'failed', 1],
        ['unknown', 'skipped', 1],
      ].sort(),
    );

    // Durations (seconds) for the nodes that ran; skipped nodes never started, so they have none.
    expect(await byTypeAndOutcome(ctx.suite.worker.metricsUrl, 'steadfast_node_duration_seconds_count')).toEqual(
      [
        ['condition', 'completed', 1],
        ['echo', 'completed', 2],
        ['fail', 'failed', 1],
      ].sort(),
    );
    const sums = await samples(ctx.suite.worker.metricsUrl, 'steadfast_node_duration_seconds_sum');
    const echoSeconds = sums.find(({ labels }) => labels.node_type === 'echo')?.value ?? -1;
    expect(echoSeconds).toBeGreaterThanOrEqual(0);
    expect(echoSeconds).toBeLessThan(30);
    const buckets = (await samples(ctx.suite.worker.metricsUrl, 'steadfast_node_duration_seconds_bucket')).map(({ labels }) => labels.le);
    expect(buckets).toEqual(expect.arrayContaining(['0.005', '1', '60', '+Inf']));
  });
});
