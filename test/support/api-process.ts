import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '@steadfast/config';
import { freePort } from '@steadfast/devstack';

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
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited before it answered:\n${output}`);
    const ok = await fetch(`${url}/health`).then((res) => res.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the API did not answer within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
