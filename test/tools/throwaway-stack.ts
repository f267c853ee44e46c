import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres, startTemporalServer } from '@steadfast/devstack';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a built entry point (dist/...) and resolves once its output contains `readyText`. */
export function startNodeProcess(entry: string, env: NodeJS.ProcessEnv, readyText: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyText)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${out}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ThrowawayStack {
  /** DATABASE_URL, TEMPORAL_ADDRESS and friends, for the processes the caller starts. */
  env: NodeJS.ProcessEnv;
  client: Client;
  stop(): Promise<void>;
}

/**
 * Embedded Postgres and a headless in-memory Temporal dev server in a temporary folder, plus one worker
 * process: the stack `npm run bench` and `npm run record-histories` measure and record on.
 */
export async function startThrowawayStack(name: string, options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<ThrowawayStack> {
  const dir = await mkdtemp(join(tmpdir(), `steadfast-${name}-`));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port: await freePort() });
  const temporal = await startTemporalServer({ port: await freePort(), headless: true, namespace: 'default', env: process.env, projectRoot: ROOT });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    WORKER_METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    // The bench and the history recorder measure runs, not keys.
    AUTH_DISABLED: 'true',
  };
  const worker = await startNodeProcess(join('apps', 'worker', 'src', 'main.js'), { ...env, LOG_LEVEL: 'info' }, '"worker started"', options.nodeArgs);
  const connection = await Connection.connect({ address: temporal.address });
  return {
    env,
    client: new Client({ connection }),
    async stop() {
      await connection.close();
      await stopProcess(worker);
      await temporal.stop();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
