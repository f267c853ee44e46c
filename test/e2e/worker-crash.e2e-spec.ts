import { temporalClient, withKillableWorker } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';

describe('a worker killed mid-run', () => {
  it('loses nothing: a new worker picks the run up and completes it', () =>
    withKillableWorker(async (stack) => {
      const { config, api } = stack;
      const workflow = {
        nodes: [
          { id: 'before', type: 'echo', config: { value: 'before' } },
          { id: 'wait', type: 'delay', config: { duration: '2s' }, depends_on: ['before'] },
          { id: 'after', type: 'echo', config: { value: 'after' }, depends_on: ['wait'] },
        ],
      };
      const { body } = await request(api.url, 'POST', '/api/runs', { name: 'survivor', workflow, start: true });
      const runId = body.run.id;
      // Kill the worker while the durable timer is running.
      await eventually(
        async () => {
          const events = (await request(api.url, 'GET', `/api/runs/${runId}/events`)).body.events;
          expect(events.some((e) => e.type === 'node_started' && e.node_id === 'wait')).toBe(true);
        },
        { timeoutMs: 5_000, intervalMs: 50, message: 'node "wait" to start' },
      );
      await stack.worker.kill('SIGKILL');
      expect(stack.worker.process.signalCode).toBe('SIGKILL');
      await new Promise((r) => setTimeout(r, 2500)); // the timer fires while no worker is up
      expect((await request(api.url, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('running');

      await stack.startNewWorker();
      const done = await waitForStatus(api.url, runId, ['completed', 'failed'], 60_000);
      expect(done.status).toBe('completed');
      expect(done.output).toBe('after');
      const events = (await request(api.url, 'GET', `/api/runs/${runId}/events`)).body.events;
      expect(events.map((e) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
      expect(events.filter((e) => e.type === 'node_completed').map((e) => e.node_id)).toEqual(['before', 'wait', 'after']);

      // The worker exports the Temporal SDK's own metrics for Prometheus.
      const metrics = await (await fetch(stack.worker.metricsUrl)).text();
      expect(metrics).toMatch(/temporal_workflow_completed\S* \d+/);
      expect(metrics).toMatch(/temporal_activity_execution_latency/);

      const temporal = await temporalClient(config);
      try {
        expect((await temporal.client.workflow.getHandle(runId).describe()).status.name).toBe('COMPLETED');
      } finally {
        await temporal.close();
      }
    }));
});
