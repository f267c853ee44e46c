import { chmod, mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres } from '@steadfast/devstack';
import { startTemporalServer } from '@steadfast/temporal-server';
import { WORKFLOW_BUNDLE_PATH } from '@steadfast/engine';
import { STACK_ENV, type TestStack } from './stack-env';

const ROOT = join(__dirname, '..', '..');

/**
 * Starts one real Postgres and one real Temporal dev server for the whole e2e run (or uses the ones named
 * by DATABASE_URL / TEMPORAL_ADDRESS). Suites read their addresses from the environment.
 */
export default async function globalSetup(): Promise<void> {
  const bundle = WORKFLOW_BUNDLE_PATH;
  if (!existsSync(bundle)) throw new Error('dist/workflow-bundle.js is missing: run `npm run build` first (npm test does)');
  const dir = await mkdtemp(join(tmpdir(), 'steadfast-test-'));
  await chmod(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: await freePort() });
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    const server = await startTemporalServer({
      port: await freePort(),
      headless: true,
      namespace: 'default',
      env: process.env,
      projectRoot: ROOT,
      logFile: join(dir, 'temporal.log'),
    });
    stops.unshift(() => server.stop());
    temporalAddress = server.address;
  }
  const stack: TestStack = { databaseUrl, temporalAddress, workflowBundle: bundle, dir };
  process.env[STACK_ENV] = JSON.stringify(stack);
  (globalThis as { __steadfastStops?: (() => Promise<void>)[] }).__steadfastStops = stops;
}
