import { RunEventHub } from '../../apps/api/src/streaming/run-event-hub';
import { startApi, useSuite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';

const steps = (count: number, duration: string) => ({
  nodes: Array.from({ length: count }, (_, i) => ({
    id: `step${i}`,
    type: 'delay',
    config: { duration },
    depends_on: i === 0 ? [] : [`step${i - 1}`],
  })),
});

describe('run events over SSE', () => {
  const ctx = useSuite({ SSE_POLL_INTERVAL_MS: '100' });

  it('streams connected, then every event in seq order, then final, and closes', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'streamed', workflow: steps(3, '150ms'), start: true });
    const sse = await openSse(`${ctx.base}/api/runs/${body.run.id}/logs/stream`);
    expect(sse.status).toBe(200);
    expect(sse.contentType).toMatch(/^text\/event-stream/);
    await sse.closed;

    const [connected, ...events] = sse.frames;
    expect(connected.id).toBeUndefined();
    expect(connected.data).toMatchObject({ type: 'connected', run_id: body.run.id });
    expect(events.map((f) => Number(f.id))).toEqual(events.map((_, i) => i + 1));
    expect(events.map((f) => f.data.seq)).toEqual(events.map((f) => Number(f.id)));
    expect(events[0].data).toMatchObject({ type: 'status_update', status: 'running' });
    const types = events.map((f) => `${f.data.type}${f.data.node_id ? `:${f.data.node_id}` : ''}`);
    expect(types).toEqual([
      'status_update',
      'node_started:step0',
      'node_completed:step0',
      'node_started:step1',
      'node_completed:step1',
      'node_started:step2',
      'node_completed:step2',
      'status_update',
      'final',
    ]);
    expect(events[events.length - 1].data).toMatchObject({ type: 'final', status: 'completed', output: { waited_ms: 150 } });
  });

  it('resumes with Last-Event-ID (header or query) with no gap and no duplicate', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'resumed', workflow: steps(4, '200ms'), start: true });
    const url = `${ctx.base}/api/runs/${body.run.id}/logs/stream`;
    const first = await openSse(url);
    const seen = await first.waitFor(4); // connected + 3 events
    first.abort();
    const lastId = seen[seen.length - 1].id as string;

    const byHeader = await openSse(url, { 'last-event-id': lastId });
    await byHeader.closed;
    const resumed = byHeader.frames.slice(1).map((f) => Number(f.id));
    expect(resumed[0]).toBe(Number(lastId) + 1);
    expect(resumed).toEqual(resumed.map((_, i) => Number(lastId) + 1 + i));
    expect(byHeader.frames[byHeader.frames.length - 1].data.type).toBe('final');

    const byQuery = await openSse(`${url}?lastEventId=2`);
    await byQuery.closed;
    expect(Number(byQuery.frames[1].id)).toBe(3);
    expect(byQuery.frames.length - 1).toBe(resumed.length + Number(lastId) - 2);
  });

  it("serves a finished run's events from Postgres, and answers 204 when resumed past final", async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'finished', start: true });
    await waitForStatus(ctx.base, body.run.id, ['completed']);
    const sse = await openSse(`${ctx.base}/api/runs/${body.run.id}/logs/stream`);
    await sse.closed;
    const events = sse.frames.slice(1);
    expect(events.map((f) => f.data.type)).toEqual(['status_update', 'node_started', 'node_completed', 'status_update', 'final']);
    // Resuming past final answers 204, which tells an EventSource to stop reconnecting.
    const past = await fetch(`${ctx.base}/api/runs/${body.run.id}/logs/stream`, { headers: { 'last-event-id': String(events.length) } });
    expect(past.status).toBe(204);
    const page = await request(ctx.base, 'GET', `/api/runs/${body.run.id}/events?after=2&limit=2`);
    expect(page.body.events.map((e) => e.seq)).toEqual([3, 4]);
    expect(page.body.next_after).toBe(4);
  });

  it('streams a run that is created but not yet started, from its start on', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'late start' });
    const sse = await openSse(`${ctx.base}/api/runs/${body.run.id}/logs/stream`);
    await sse.waitFor(1);
    await request(ctx.base, 'POST', `/api/runs/${body.run.id}/start`);
    await sse.closed;
    expect(sse.frames[sse.frames.length - 1].data).toMatchObject({ type: 'final', status: 'completed' });
  });

  it('serves many subscribers of one run from a single poller', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'fan-out', workflow: steps(2, '300ms'), start: true });
    const streams = await Promise.all(Array.from({ length: 8 }, () => openSse(`${ctx.base}/api/runs/${body.run.id}/logs/stream`)));
    await Promise.all(streams.map((s) => s.waitFor(2)));
    expect(ctx.suite.api.app.get(RunEventHub).activeFeeds).toBe(1);
    await Promise.all(streams.map((s) => s.closed));
    const reference = JSON.stringify(streams[0].frames.slice(1));
    for (const stream of streams) expect(JSON.stringify(stream.frames.slice(1))).toBe(reference);
    const metrics = await request(ctx.base, 'GET', '/metrics');
    expect(metrics.body).toMatch(/sse_active_connections 0/);
  });

  it('loses nothing when the API restarts mid-stream: a new process resumes from Last-Event-ID', async () => {
    const second = await startApi(ctx.suite.config);
    const { body } = await request(second.url, 'POST', '/api/runs', { name: 'api restart', workflow: steps(5, '250ms'), start: true });
    const before = await openSse(`${second.url}/api/runs/${body.run.id}/logs/stream`);
    const seen = await before.waitFor(3);
    await second.close(); // the API process goes away mid-stream
    await before.closed;
    const lastId = before.frames[before.frames.length - 1].id as string;
    expect(Number(lastId)).toBeGreaterThanOrEqual(Number(seen[seen.length - 1].id));

    const third = await startApi(ctx.suite.config);
    try {
      const after = await openSse(`${third.url}/api/runs/${body.run.id}/logs/stream`, { 'last-event-id': lastId });
      await after.closed;
      const all = [...before.frames.slice(1), ...after.frames.slice(1)].map((f) => Number(f.id));
      expect(all).toEqual(all.map((_, i) => i + 1));
      expect(after.frames[after.frames.length - 1].data).toMatchObject({ type: 'final', status: 'completed' });
    } finally {
      await third.close();
    }
  });

  it('rejects a malformed Last-Event-ID with 400', async () => {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'bad resume' });
    const res = await request(ctx.base, 'GET', `/api/runs/${body.run.id}/logs/stream`, undefined, { 'last-event-id': 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Invalid Last-Event-ID');
  });
});
