import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@steadfast/devstack';
import { eventually } from '../support/eventually';

const ROOT = join(__dirname, '..', '..');

/** Processes whose command line mentions the data folder: embedded Postgres and the Temporal dev server. */
function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

/**
 * `npm start`'s launcher, stopped the way a supervisor stops it (SIGTERM to its pid only, not to its
 * process group as Ctrl-C does): every process it started must go with it.
 */
describe('launcher shutdown', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steadfast-launcher-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the worker, the API, Temporal and Postgres on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      STEADFAST_DATA_DIR: dir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      TEMPORAL_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      WORKER_METRICS_PORT: String(await freePort()),
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      LOG_LEVEL: 'warn',
    };
    const launcher = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'launcher', 'src', 'main.js')], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));

    // Ready, unless the launcher exits first.
    const ready = await Promise.race([
      eventually(async () => expect((await fetch(`http://127.0.0.1:${port}/ready`)).ok).toBe(true), {
        timeoutMs: 90_000,
        intervalMs: 500,
        message: 'the launched API to be ready',
      }).then(() => true),
      exited.then(() => false),
    ]);
    expect(ready).toBe(true);
    expect(processesUsing(dir).length).toBeGreaterThanOrEqual(2);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(processesUsing(dir)).toEqual([]);
    expect(
      await fetch(`http://127.0.0.1:${port}/ready`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });
});
