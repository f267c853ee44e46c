import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '@steadfast/config';
import { createApiApp } from '../../apps/api/src/app.factory';
import { startThrowawayStack } from './throwaway-stack';

/**
 * `npm run record-histories`: runs one run of each shape the workflow must keep replaying (completed,
 * failed, cancelled, cancelled before start, unknown node type) on a throw-away stack and saves their
 * histories to test/histories. Existing files are kept (RERECORD=1 overwrites them): histories from
 * earlier versions are what the replay test must keep accepting.
 */
const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, 'test', 'histories');

const SCENARIOS: { name: string; body: Record<string, unknown>; cancelAfterMs?: number; cancelBeforeStart?: boolean }[] = [
  {
    name: 'diamond-completed',
    body: {
      name: 'diamond',
      input: { topic: 'replay' },
      workflow: {
        nodes: [
          { id: 'a', type: 'echo' },
          { id: 'b', type: 'delay', config: { duration: '100ms' }, depends_on: ['a'] },
          { id: 'c', type: 'echo', config: { value: 'C' }, depends_on: ['a'] },
          { id: 'join', type: 'echo', depends_on: ['b', 'c'] },
        ],
      },
    },
  },
  {
    name: 'node-failed',
    body: {
      name: 'failing',
      workflow: {
        nodes: [
          { id: 'slow', type: 'delay', config: { duration: '1m' } },
          { id: 'boom', type: 'fail', config: { message: 'planned' } },
          { id: 'after', type: 'echo', depends_on: ['boom'] },
        ],
      },
    },
  },
  { name: 'canceled-during-delay', body: { name: 'cancel me', workflow: { nodes: [{ id: 'wait', type: 'delay', config: { duration: '10m' } }] } }, cancelAfterMs: 700 },
  {
    name: 'branches-handlers-retries',
    body: {
      name: 'engine',
      input: { amount: 250 },
      workflow: {
        nodes: [
          { id: 'check', type: 'condition', config: { expression: 'input.amount > 100 ? "large" : "small"' } },
          { id: 'big', type: 'echo', config: { value: 'review {{ input.amount }}' }, depends_on: ['check'], when: 'large' },
          { id: 'small', type: 'echo', depends_on: ['check'], when: 'small' },
          { id: 'flaky', type: 'fail', config: { message: 'transient', fail_attempts: 1 }, retry: { max_attempts: 3, initial_interval: '50ms' }, depends_on: ['big'] },
          { id: 'charge', type: 'fail', config: { message: 'declined' }, on_error: { handler: 'refund' }, depends_on: ['check'] },
          { id: 'refund', type: 'echo', config: { value: '{{ nodes.charge.error }}' }, depends_on: ['charge'] },
          { id: 'soft', type: 'fail', on_error: 'continue' },
          { id: 'join', type: 'transform', config: { expression: '[nodes.big.output, nodes.refund.output]' }, depends_on: ['flaky', 'small', 'refund', 'soft'] },
        ],
      },
    },
  },
  {
    name: 'unknown-node-type-skipped',
    body: {
      name: 'degraded',
      workflow: { nodes: [{ id: 'mystery', type: 'teleport' }, { id: 'after', type: 'echo', config: { value: 'still ran' }, depends_on: ['mystery'] }] },
    },
  },
];

async function main(): Promise<void> {
  const stack = await startThrowawayStack('record');
  const { client } = stack;
  const app = await createApiApp(loadConfig({ ...stack.env, PORT: '0' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const post = async (path: string, body?: unknown) =>
    (await (await fetch(`${base}${path}`, { method: "POST", headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })).json()) as { run: { id: string } };
  try {
    await mkdir(OUT, { recursive: true });
    for (const scenario of SCENARIOS) {
      // Histories recorded by earlier versions stay as they were: replaying them is the point.
      if (!process.env.RERECORD && existsSync(join(OUT, `${scenario.name}.json`))) continue;
      const { run } = await post('/api/runs', { ...scenario.body, start: true });
      if (scenario.cancelAfterMs) {
        await new Promise((r) => setTimeout(r, scenario.cancelAfterMs));
        await post(`/api/runs/${run.id}/cancel`);
      }
      await client.workflow.getHandle(run.id).result().catch(() => undefined);
      const history = await client.workflow.getHandle(run.id).fetchHistory();
      await writeFile(join(OUT, `${scenario.name}.json`), historyToJSON(history));
      console.log(`recorded ${scenario.name} (${history.events?.length} events)`);
    }
  } finally {
    await app.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
