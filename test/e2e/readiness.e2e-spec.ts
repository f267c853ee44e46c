import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@steadfast/devstack';
import { startApi, suiteConfig } from '../support/harness';
import { testStack } from '../support/stack-env';
import { request } from '../support/http';

const ROOT = join(__dirname, '..', '..');

/** A Postgres of this test's own, in its own process, so the test can take it away. */
async function disposablePostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(testStack().dir, 'pg-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'libs', 'devstack', 'src', 'run-embedded-postgres.js'), join(dir, 'data'), String(await freePort())],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error('postgres exited during start-up')));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('readiness', () => {
  it('is 200 while Postgres and Temporal answer, and 503 naming postgres once Postgres stops', async () => {
    const pg = await disposablePostgres();
    const api = await startApi(suiteConfig({ DATABASE_URL: pg.url }));
    try {
      const ready = await request(api.url, 'GET', '/ready');
      expect(ready.status).toBe(200);
      await pg.stop();
      const down = await request(api.url, 'GET', '/ready');
      expect(down.status).toBe(503);
      expect(down.body.error).toBe('Not ready: postgres unavailable');
      expect(down.body.checks.postgres.ok).toBe(false);
      expect(down.body.checks.temporal.ok).toBe(true);
      expect((await request(api.url, 'GET', '/readyz')).status).toBe(503);
      // Liveness is unaffected, and a request that needs the database gets a JSON error, not a dropped connection.
      expect((await request(api.url, 'GET', '/health')).status).toBe(200);
      const list = await request(api.url, 'GET', '/api/runs');
      expect(list.status).toBe(503);
      expect(list.body).toEqual({ error: 'Service unavailable: the database did not answer' });
    } finally {
      await api.close();
    }
  });

  it('is 503 naming temporal when Temporal does not answer', async () => {
    const api = await startApi(suiteConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
    try {
      const res = await request(api.url, 'GET', '/ready');
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('Not ready: temporal unavailable');
      expect(res.body.checks.postgres.ok).toBe(true);
    } finally {
      await api.close();
    }
  });
});
