import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventJson } from '../support/api-types';
import { useCrossOriginPage } from '../support/cross-origin-page';
import { request } from '../support/http';

/** What npm run build makes of libs/sdk for browsers: one ES module, its dependencies inside. */
const BROWSER_BUILD = join(__dirname, '..', '..', 'libs', 'sdk', 'dist', 'browser', 'steadfast.mjs');

/*
 * A page on another origin imports the SDK's browser build. The part of the page that holds the key
 * creates and starts the run and asks for a stream token; a second client, built without any key,
 * follows the run with that token, as a page given a token by its backend would.
 */
const PAGE_SCRIPT = `
import { Steadfast, SteadfastError } from '/steadfast.mjs';
const params = new URLSearchParams(location.search);
const baseUrl = params.get('api');
window.result = (async () => {
  const owner = new Steadfast({ baseUrl, apiKey: params.get('key') });
  const run = await owner.runs.create({ name: 'browser sdk run', input: { from: 'chromium' }, start: true });
  const { token } = await owner.runs.streamToken(run.id, { ttl_seconds: 120 });

  const viewer = new Steadfast({ baseUrl });
  let refused;
  try {
    await viewer.runs.get(run.id);
  } catch (err) {
    refused = err instanceof SteadfastError ? err.status : String(err);
  }
  const connected = [];
  const events = [];
  for await (const event of viewer.runs.stream(run.id, { token, onConnected: (frame) => connected.push(frame) })) events.push(event);
  return { runId: run.id, refused, connected, events };
})();
`;

const PAGE = '<!doctype html><meta charset="utf-8"><title>Steadfast SDK</title><script type="module" src="/page.js"></script>';

interface PageResult {
  runId: string;
  refused: number | string;
  connected: { type: string; run_id: string }[];
  events: EventJson[];
}

describe("the SDK's browser build in a real browser", () => {
  const ctx = useCrossOriginPage(() => ({ '/': PAGE, '/page.js': PAGE_SCRIPT, '/steadfast.mjs': readFileSync(BROWSER_BUILD, 'utf8') }));

  it('streams a run to final with a stream token alone, each event once and in order', async () => {
    const { page, errors } = await ctx.open();
    try {
      const result = await page.evaluate<PageResult>('window.result');
      expect(errors).toEqual([]);

      // Without a key the client is refused everywhere but the stream its token opens.
      expect(result.refused).toBe(401);
      expect(result.connected).toEqual([expect.objectContaining({ type: 'connected', run_id: result.runId })]);
      expect(result.events.map((event) => event.seq)).toEqual(result.events.map((_, i) => i + 1));
      expect(result.events.at(-1)).toMatchObject({ type: 'final', status: 'completed' });

      const log = await request(ctx.api, 'GET', `/api/runs/${result.runId}/events?limit=500`, undefined, ctx.key.auth);
      expect(result.events).toEqual(log.body.events);
    } finally {
      await page.close();
    }
  });
});
