import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres } from '@steadfast/devstack';
import { startTemporalServer } from '@steadfast/temporal-server';

const ROOT = join(__dirname, '..', '..', '..');

/* What a process printed after it came up matters only as the tail shown when it dies; keeping it all grows without end. */
const OUTPUT_TAIL = 64 * 1024;

/** Runs a built entry point (dist/...) and resolves once its output contains `readyText`. */
export function startNodeProcess(entry: string, env: NodeJS.ProcessEnv, readyText: string, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (!ready && out.includes(readyText)) {
        ready = true;
        resolve(child);
      }
      if (ready && out.length > 2 * OUTPUT_TAIL) out = out.slice(-OUTPUT_TAIL);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${out}`)));
  });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill(signal);
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export interface ThrowawayStack {
  /** DATABASE_URL, TEMPORAL_ADDRESS and friends, for the processes the caller starts. */
  env: NodeJS.ProcessEnv;
  client: Client;
  /** The worker process running now: restartWorker replaces it. */
  worker(): ChildProcess;
  /** Kills the worker with `signal` (SIGKILL: a crash) and starts a new one with the same settings. */
  restartWorker(signal?: NodeJS.Signals): Promise<ChildProcess>;
  /** The Temporal dev server's pid (unknown when the SDK's own download runs it). */
  temporalPid?: number;
  /** The postmaster's pid; its backends are its children. */
  postgresPid?: number;
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
  // Postgres writes its pid as the first line of postmaster.pid in its data directory.
  const postgresPid = Number((await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]) || undefined;
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
  const startWorker = () => startNodeProcess(join('apps', 'worker', 'src', 'main.js'), { ...env, LOG_LEVEL: 'info' }, '"worker started"', options.nodeArgs);
  let worker = await startWorker();
  const connection = await Connection.connect({ address: temporal.address });
  return {
    env,
    client: new Client({ connection }),
    worker: () => worker,
    async restartWorker(signal: NodeJS.Signals = 'SIGKILL') {
      await stopProcess(worker, signal);
      worker = await startWorker();
      return worker;
    },
    temporalPid: temporal.pid,
    postgresPid,
    async stop() {
      await connection.close();
      await stopProcess(worker);
      await temporal.stop();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
