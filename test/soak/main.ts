import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@steadfast/devstack';
import { createDataSource } from '@steadfast/persistence';
import { DEFAULT_TASK_QUEUE } from '@steadfast/config';
import { startThrowawayStack, stopProcess } from '../tools/throwaway-stack';
import { formatReport, resultLine } from './report';
import { runIdsTagged, runSoak } from './soak';
import { processTree } from './process-sampler';
import { rateFinderOptionsFromEnv, soakOptionsFromEnv } from './soak-options';
import { findSustainedRate } from './rate-finder';
import { formatRateReport, rateResultLine, type RateComparison } from './rate-report';
import { rawChainSubject, steadfastSubject } from './rate-subjects';
import { checkRunInvariants } from '../support/run-invariants';
import { eventually } from '../support/eventually';

/**
 * `npm run soak`: one throw-away stack (embedded Postgres, Temporal dev server, one worker process, one
 * API process), the stress profile against it for SOAK_DURATION_S, then every run it created checked;
 * then the highest rate of new runs Steadfast keeps up with, next to raw Temporal's on the same stack.
 * Exits 1 when a run did not settle, ended with a wrong status, or any request or stream failed.
 * SOAK_PROFILE=0 skips the stress profile, SOAK_FIND_RATE=0 the rate finder.
 */
const ROOT = join(__dirname, '..', '..', '..');
const OUTPUT_TAIL = 64 * 1024;
// SOAK_PROFILE_DIR=/some/dir writes V8 CPU profiles of the API and worker processes there.
const PROFILE = process.env.SOAK_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_PROFILE_DIR}`] : [];

async function startApi(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...PROFILE, join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-OUTPUT_TAIL));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = eventually(
    async () => {
      if (!(await fetch(`${url}/ready`)).ok) throw new Error('not ready');
    },
    { timeoutMs: 30_000, intervalMs: 100, message: 'the API to be ready' },
  );
  await Promise.race([
    ready.catch((err: Error) => {
      throw new Error(`${err.message}:\n${output}`);
    }),
    exited.then(() => {
      throw new Error(`the API exited during start-up:\n${output}`);
    }),
  ]);
  return { url, child, output: () => output };
}

async function main(): Promise<number> {
  const options = { ...soakOptionsFromEnv(), log: (line: string) => console.log(`[soak] ${line}`) };
  const stack = await startThrowawayStack('soak', { env: { TEMPORAL_TASK_QUEUE: DEFAULT_TASK_QUEUE }, nodeArgs: PROFILE });
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  const db = createDataSource(stack.env.DATABASE_URL as string, { poolSize: 4, applicationName: 'steadfast-soak' });
  try {
    api = await startApi(stack.env);
    await db.initialize();
    const apiPid = api.child.pid;
    const processes = () => ({
      api: apiPid,
      worker: stack.worker().pid,
      temporal: stack.temporalPid,
      // Every backend, so the figure is what the database costs; shared buffers count once per backend in RSS.
      postgres: stack.postgresPid === undefined ? undefined : processTree(stack.postgresPid),
      'soak client': process.pid,
    });
    let ok = true;
    if (process.env.SOAK_PROFILE !== '0') {
      const result = await runSoak(options, {
        api: api.url,
        db,
        client: stack.client,
        processes,
        restartWorker: async () => void (await stack.restartWorker('SIGKILL')),
      });
      console.log(`\n${formatReport(result)}`);
      if (result.errors.server > 0) console.log(`\nLast lines the API wrote:\n${api.output().split('\n').slice(-30).join('\n')}`);
      console.log(`\n${resultLine(result)}`);
      ok = result.ok;
    }
    const rateOptions = rateFinderOptionsFromEnv();
    if (rateOptions) {
      const finderOptions = { ...rateOptions, processes, log: options.log };
      const tag = `rate-${Date.now().toString(36)}`;
      const steadfast = await findSustainedRate(stack.client, steadfastSubject(api.url, tag, rateOptions.delayMs), finderOptions);
      const raw = await findSustainedRate(stack.client, rawChainSubject(stack.client, DEFAULT_TASK_QUEUE, tag, rateOptions.delayMs), finderOptions);
      const comparison: RateComparison = {
        options: rateOptions,
        steadfast,
        raw,
        ratio: raw.sustainedPerS > 0 ? steadfast.sustainedPerS / raw.sustainedPerS : 0,
      };
      console.log(`\n${formatRateReport(comparison)}`);
      // The finder's runs were driven past what the stack keeps up with: each must still have ended right.
      const invariants = await checkRunInvariants({ db, client: stack.client, runIds: await runIdsTagged(db, tag), expectSettled: true });
      console.log(
        `  ${'invariants'.padEnd(14)}${invariants.checked} runs of the finder checked: ${invariants.unsettled.length} not settled, ` +
          `${invariants.wrongStatus.length} wrong terminal status, ${invariants.problems.length} other problems`,
      );
      console.log(`\n${rateResultLine(comparison)}`);
      ok = ok && invariants.ok;
    }
    return ok ? 0 : 1;
  } finally {
    if (db.isInitialized) await db.destroy();
    if (api) await stopProcess(api.child);
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
