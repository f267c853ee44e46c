import type { ConnectedFrame, EventJson } from '../support/api-types';
import { useCrossOriginPage } from '../support/cross-origin-page';
import { request } from '../support/http';

/**
 * Seeds/000's browser example ("Create and Monitor a Run"), as a page on another origin runs it: create
 * and start with the API key in an Authorization header, then a stream token, since EventSource cannot
 * send one. The only change to the example is `?token=` on the stream URL.
 */
const EXAMPLE_SCRIPT = `
const params = new URLSearchParams(location.search);
const API = params.get('api');
const auth = { Authorization: 'Bearer ' + params.get('key') };
window.received = [];
window.example = (async () => {
  // Create run
  const createResponse = await fetch(API + '/api/runs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth },
    body: JSON.stringify({
      name: 'JavaScript Test Run',
      input: { message: 'Hello from JS' },
      client_token: 'js-test-12345',
      tags: ['javascript', 'test']
    })
  });

  const { run } = await createResponse.json();

  // Start run
  await fetch(API + '/api/runs/' + run.id + '/start', {
    method: 'POST',
    headers: auth
  });

  // A stream token for the EventSource, which cannot send the key
  const { token } = await (await fetch(API + '/api/runs/' + run.id + '/stream-token', { method: 'POST', headers: auth })).json();

  // Connect to SSE stream
  const eventSource = new EventSource(API + '/api/runs/' + run.id + '/logs/stream?token=' + encodeURIComponent(token));

  return new Promise((resolve, reject) => {
    eventSource.onmessage = (event) => {
      const data = JSON.parse(event.data);
      console.log('SSE Event:', data);
      window.received.push({ id: event.lastEventId, data });

      if (data.type === 'final') {
        eventSource.close();
        resolve(run.id);
      }
    };
    // A refused stream (a CORS failure, a 401) closes the EventSource for good; anything else reconnects.
    eventSource.onerror = () => {
      if (eventSource.readyState === EventSource.CLOSED) reject(new Error('the stream was refused'));
    };
  });
})();
`;

const PAGE = '<!doctype html><meta charset="utf-8"><title>Steadfast stream</title><script src="/example.js"></script>';

interface Received {
  id: string;
  data: EventJson | ConnectedFrame;
}

describe('a browser on another origin streams a run with a stream token', () => {
  const ctx = useCrossOriginPage({ '/': PAGE, '/example.js': EXAMPLE_SCRIPT });

  it('receives connected, then every event once and in order, through final, and the run completed', async () => {
    const { page, errors } = await ctx.open();
    try {
      // A string, not a function: the page runs exactly the script it loaded.
      const runId = await page.evaluate<string>('window.example');
      const received = await page.evaluate<Received[]>('window.received');
      expect(errors).toEqual([]);

      const [connected, ...events] = received;
      expect(connected.data).toMatchObject({ type: 'connected', run_id: runId });
      expect(events.at(-1)?.data).toMatchObject({ type: 'final', status: 'completed' });
      expect(events.map((e) => e.data.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.map((e) => Number(e.id))).toEqual(events.map((e) => e.data.seq));

      // What the browser saw is the run's whole log, as the API stores it.
      const auth = ctx.key.auth;
      const base = ctx.api;
      const log = await request(base, 'GET', `/api/runs/${runId}/events?limit=500`, undefined, auth);
      expect(events.map((e) => e.data)).toEqual(log.body.events);
      expect((await request(base, 'GET', `/api/runs/${runId}`, undefined, auth)).body.run).toMatchObject({
        status: 'completed',
        name: 'JavaScript Test Run',
        tags: ['javascript', 'test'],
      });
    } finally {
      await page.close();
    }
  });
});
