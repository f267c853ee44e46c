import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@steadfast/config';
import { freePort } from '@steadfast/devstack';
import { createDataSource, runMigrations } from '@steadfast/persistence';
import { createApiApp } from '../../apps/api/src/app.factory';
import { startLoopbackServer, type LoopbackServer } from './loopback-server';
import { testStack } from './stack-env';

const ROOT = join(__dirname, '..', '..');

/**
 * Configuration for one suite: the shared stack, its own task queue, quiet logs. Authentication is off
 * unless a suite turns it on (`AUTH_DISABLED: 'false'`): suites about other things need no keys.
 */
export function suiteConfig(overrides: Record<string, string> = {}): AppConfig {
  const stack = testStack();
  return loadConfig({
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    TEMPORAL_UI_URL: 'http://localhost:8233',
    LOG_LEVEL: 'warn',
    PORT: '3000',
    AUTH_DISABLED: 'true',
    ...overrides,
  });
}

export interface RunningApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** The real API app (Nest on Fastify) listening on a free loopback port, or on `port` (a restart where clients expect it). */
export async function startApi(config: AppConfig, port = 0): Promise<RunningApi> {
  const app = await createApiApp(config);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${listening}`, close: () => app.close() };
}

export interface WorkerProcess {
  process: ChildProcess;
  /** Resolves once the worker reports it is polling. */
  ready: Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
  /** The worker's Prometheus endpoint (Temporal SDK metrics). */
  metricsUrl: string;
}

/** A real worker process (the production entry point from dist/), so tests can SIGKILL it. */
export async function startWorker(config: AppConfig, extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const env = {
    ...process.env,
    ...extraEnv,
    DATABASE_URL: config.database.url,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    WORKER_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"worker started"')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
  await ready;
  return {
    process: child,
    ready,
    output: () => output,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

export interface KillableWorkerStack {
  config: AppConfig;
  api: RunningApi;
  /** The worker process now: after startNewWorker, the new one. */
  readonly worker: WorkerProcess;
  /** Starts another worker process on the same task queue, as a restart after a crash would. */
  startNewWorker(): Promise<WorkerProcess>;
}

/** Runs `test` against its own API and a worker process it may kill; both are stopped afterwards, whatever happens. */
export async function withKillableWorker(test: (stack: KillableWorkerStack) => Promise<void>): Promise<void> {
  const config = suiteConfig();
  const api = await startApi(config);
  let worker = await startWorker(config);
  try {
    await test({
      config,
      api,
      get worker() {
        return worker;
      },
      startNewWorker: async () => (worker = await startWorker(config)),
    });
  } finally {
    await api.close();
    await worker.kill();
  }
}

export async function temporalClient(config: AppConfig): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: config.temporal.address as string });
  return { client: new Client({ connection, namespace: config.temporal.namespace }), close: () => connection.close() };
}

export async function openDatabase(config: AppConfig): Promise<DataSource> {
  const dataSource = await createDataSource(config.database.url as string, { poolSize: 2 }).initialize();
  await runMigrations(dataSource);
  return dataSource;
}

/** The whole stack a suite needs: API in-process, one worker process. */
export async function startSuite(overrides: Record<string, string> = {}) {
  const config = suiteConfig(overrides);
  const api = await startApi(config);
  const worker = await startWorker(config, overrides);
  return {
    config,
    api,
    worker,
    async stop() {
      await api.close();
      await worker.kill();
    },
  };
}

export type Suite = Awaited<ReturnType<typeof startSuite>>;

/** What beforeAll made, for a test to use: a test that runs without it is a mistake in the spec. */
export function requireStarted<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet`);
  return value;
}

/** Registers beforeAll/afterAll for a describe block: the stack is up for its tests and torn down after. */
export function useSuite(overrides: Record<string, string> = {}): { readonly suite: Suite; readonly base: string } {
  let suite: Suite | undefined;
  beforeAll(async () => {
    suite = await startSuite(overrides);
  });
  afterAll(() => suite?.stop());
  return {
    get suite() {
      return requireStarted(suite, 'the suite');
    },
    get base() {
      return requireStarted(suite, 'the suite').api.url;
    },
  };
}

/**
 * Registers beforeAll/afterAll for a describe block: a loopback server answering with `handle`, and the
 * stack with that server (and it alone) on HTTP_ALLOWED_HOSTS, so http nodes may call it.
 */
export function useSuiteWithAllowedServer(handle: Parameters<typeof startLoopbackServer>[0]): {
  readonly suite: Suite;
  readonly base: string;
  readonly server: LoopbackServer;
  readonly origin: string;
} {
  let server: LoopbackServer | undefined;
  let suite: Suite | undefined;
  beforeAll(async () => {
    server = await startLoopbackServer(handle);
    suite = await startSuite({ HTTP_ALLOWED_HOSTS: server.host });
  });
  afterAll(async () => {
    await suite?.stop();
    await server?.close();
  });
  return {
    get suite() {
      return requireStarted(suite, 'the suite');
    },
    get base() {
      return requireStarted(suite, 'the suite').api.url;
    },
    get server() {
      return requireStarted(server, 'the loopback server');
    },
    get origin() {
      return this.server.origin;
    },
  };
}
