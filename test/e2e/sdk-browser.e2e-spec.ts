import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createTestKey, type TestKey } from '../support/api-keys';
import type { EventJson } from '../support/api-types';
import { useBrowser } from '../support/browser';
import { openDatabase, requireStarted, startSuite, type Suite } from '../support/harness';
import { request } from '../support/http';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';

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
  const browserCtx = useBrowser();
  let server: LoopbackServer | undefined;
  let suite: Suite | undefined;
  let db: DataSource;
  let key: TestKey;

  beforeAll(async () => {
    const sdk = readFileSync(BROWSER_BUILD, 'utf8');
    server = await startLoopbackServer((req, res) => {
      const body = req.url === '/steadfast.mjs' ? sdk : req.url === '/page.js' ? PAGE_SCRIPT : PAGE;
      res.writeHead(200, { 'content-type': req.url?.endsWith('js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8' });
      res.end(body);
    });
    suite = await startSuite({ AUTH_DISABLED: 'false', CORS_ORIGINS: server.origin });
    db = await openDatabase(suite.config);
    key = await createTestKey(db, { tenant: `sdk-browser-${randomUUID().slice(0, 8)}`, scopes: ['runs:read', 'runs:write'] });
  });
  afterAll(async () => {
    await db?.destroy();
    await suite?.stop();
    await server?.close();
  });

  it('streams a run to final with a stream token alone, each event once and in order', async () => {
    const page = await browserCtx.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      const api = requireStarted(suite, 'the suite').api.url;
      await page.goto(`${requireStarted(server, 'the page server').origin}/?api=${encodeURIComponent(api)}&key=${encodeURIComponent(key.secret)}`);
      const result = await page.evaluate<PageResult>('window.result');
      expect(errors).toEqual([]);

      // Without a key the client is refused everywhere but the stream its token opens.
      expect(result.refused).toBe(401);
      expect(result.connected).toEqual([expect.objectContaining({ type: 'connected', run_id: result.runId })]);
      expect(result.events.map((event) => event.seq)).toEqual(result.events.map((_, i) => i + 1));
      expect(result.events.at(-1)).toMatchObject({ type: 'final', status: 'completed' });

      const log = await request(api, 'GET', `/api/runs/${result.runId}/events?limit=500`, undefined, key.auth);
      expect(result.events).toEqual(log.body.events);
    } finally {
      await page.close();
    }
  });
});
