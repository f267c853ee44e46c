import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createTestKey, type TestKey } from './api-keys';
import { useBrowser } from './browser';
import { openDatabase, requireStarted, startSuite, type Suite } from './harness';
import { startLoopbackServer, type LoopbackServer } from './loopback-server';

export interface CrossOriginPage {
  /** The API's base URL. */
  readonly api: string;
  /** A key of the suite's own tenant with runs:read and runs:write. */
  readonly key: TestKey;
  /** Opens `/` of the page server with `?api=` and `?key=`; page errors are collected, not thrown. */
  open(): Promise<{ page: Page; errors: string[] }>;
}

/**
 * A browser, a page server on one loopback port and the API (auth on) on another, with only the page's
 * origin in CORS_ORIGINS: every call the page makes is cross-origin, as a web app's would be.
 * `files` maps a path to its body; `/` is the HTML page, other paths are served as JavaScript.
 */
export function useCrossOriginPage(files: Record<string, string> | (() => Record<string, string>)): CrossOriginPage {
  const browserCtx = useBrowser();
  let server: LoopbackServer | undefined;
  let suite: Suite | undefined;
  let db: DataSource | undefined;
  let key: TestKey | undefined;

  beforeAll(async () => {
    const served = typeof files === 'function' ? files() : files;
    server = await startLoopbackServer((req, res) => {
      const path = req.url?.split('?')[0] ?? '/';
      const body = served[path];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': path === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
      res.end(body);
    });
    suite = await startSuite({ AUTH_DISABLED: 'false', CORS_ORIGINS: server.origin });
    db = await openDatabase(suite.config);
    key = await createTestKey(db, { tenant: `browser-${randomUUID().slice(0, 8)}`, scopes: ['runs:read', 'runs:write'] });
  });
  afterAll(async () => {
    await db?.destroy();
    await suite?.stop();
    await server?.close();
  });

  return {
    get api() {
      return requireStarted(suite, 'the suite').api.url;
    },
    get key() {
      return requireStarted(key, 'the test key');
    },
    async open() {
      const page = await browserCtx.browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      const origin = requireStarted(server, 'the page server').origin;
      await page.goto(`${origin}/?api=${encodeURIComponent(this.api)}&key=${encodeURIComponent(this.key.secret)}`);
      return { page, errors };
    },
  };
}
