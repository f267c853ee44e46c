import { useSuite } from '../support/harness';
import { openSse, request } from '../support/http';

/*
 * Live streams are fed by the worker's notifications, not by the poll: with the poll pushed out to a
 * minute, a run's stream still delivers every event and closes after `final` well before any poll.
 */
describe('live streams woken by the worker', () => {
  const ctx = useSuite({ SSE_POLL_INTERVAL_MS: '60000' });

  it('delivers every event of a live run in order without waiting for a poll', async () => {
    const nodes = Array.from({ length: 4 }, (_, i) => ({
      id: `d${i}`,
      type: 'delay',
      config: { duration: '300ms' },
      depends_on: i === 0 ? [] : [`d${i - 1}`],
    }));
    const created = await request(ctx.base, 'POST', '/api/runs', { name: 'woken', workflow: { nodes } });
    const runId = created.body.run.id;
    const stream = await openSse(`${ctx.base}/api/runs/${runId}/logs/stream`);
    await stream.waitFor(1); // `connected`: the feed exists before the run starts
    expect((await request(ctx.base, 'POST', `/api/runs/${runId}/start`)).status).toBe(200);

    await Promise.race([stream.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream waited for a poll')), 30_000))]);
    const events = stream.frames.slice(1).map((frame) => frame.data);
    expect(events.map((event) => event.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((event) => event.type === 'node_completed').map((event) => event.node_id)).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(events[events.length - 1]).toEqual(expect.objectContaining({ type: 'final', status: 'completed' }));
  });
});
