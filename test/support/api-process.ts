import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@steadfast/config';
import { freePort } from '@steadfast/devstack';
import { eventually } from './eventually';

export interface ApiProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The API as `npm run start:api` runs it (dist/), so a test can read exactly what it logs. */
export async function startApiProcess(config: AppConfig, extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: config.database.url,
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const answered = eventually(
    async () => {
      const res = await fetch(`${url}/health`);
      if (!res.ok) throw new Error(`/health answered ${res.status}`);
    },
    { timeoutMs: 30_000, intervalMs: 100, message: 'the API to answer /health' },
  );
  await Promise.race([
    answered.catch((err: Error) => {
      throw new Error(`${err.message}:\n${output}`);
    }),
    exited.then(() => {
      throw new Error(`the API exited before it answered:\n${output}`);
    }),
  ]);
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
