import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@steadfast/config';
import { startScriptedModel, type ScriptedReply } from '@steadfast/devstack';
import { createDataSource } from '@steadfast/persistence';
import { applyPatchSignal, approvalDecisionSignal, eventsQuery } from '@steadfast/engine';
import type { WorkflowHandle } from '@temporalio/client';
import { createApiApp } from '../../apps/api/src/app.factory';
import { RACE_SCENARIOS, type RaceContext } from './race-scenarios';
import { startThrowawayStack } from './throwaway-stack';
import { eventually } from '../support/eventually';

/**
 * `npm run record-histories`: runs one run of each shape the workflow must keep replaying (completed,
 * failed, cancelled, unknown node type, agents with tools and streamed text (signals), outputs stored by
 * reference (local activities), approvals decided, expired and cancelled, patches applied and refused) on a throw-away stack, a scripted model and a loopback target, and saves their
 * histories to test/histories. Existing files are kept (RERECORD=1 overwrites them): histories from
 * earlier versions are what the replay test must keep accepting.
 */
const ROOT = join(__dirname, '..', '..', '..');
const OUT = join(ROOT, 'test', 'histories');

/** The scripted model for the agent scenario: fetch the article, then finish with its title (streaming text first). */
function agentReply(body: { messages: { role: string; content?: unknown }[] }, origin: string): ScriptedReply {
  const userContent = body.messages.find((message) => message.role === 'user')?.content;
  const prompt = typeof userContent === 'string' ? userContent : '';
  if (prompt.startsWith('Plan')) {
    // The self-patching agent: add a follow-up node after itself, then finish with what the tool answered.
    const answered = body.messages.find((message) => message.role === 'tool');
    if (answered) return { tool_calls: [{ name: 'finish', arguments: { output: JSON.parse(String(answered.content)) as unknown } }] };
    const followUp = { id: 'follow_up', type: 'echo', config: { value: 'added by the agent' }, depends_on: ['planner'] };
    return { tool_calls: [{ name: 'patch_workflow', arguments: { patch: [{ op: 'add', path: '/nodes/-', value: followUp }], reason: 'one more step' } }] };
  }
  const fetched = body.messages.find((message) => message.role === 'tool');
  if (!fetched) return { content: 'Fetching the article first.', tool_calls: [{ name: 'http_request', arguments: { url: `${origin}/article` } }] };
  return {
    content: 'Done reading.',
    tool_calls: [{ name: 'finish', arguments: { output: { title: (JSON.parse(String(fetched.content)) as { body: { title: string } }).body.title } } }],
  };
}

/** Waits until the run has opened `count` approvals, and returns their ids in order. */
function approvalIds(handle: WorkflowHandle, count: number): Promise<string[]> {
  return eventually(
    async () => {
      const page = await handle.query(eventsQuery, 0);
      const ids = page.events.flatMap((event) => (event.type === 'approval_requested' ? [event.approval_id] : []));
      if (ids.length < count) throw new Error(`${ids.length} approvals so far`);
      return ids;
    },
    { intervalMs: 100, message: `${count} approvals to be requested` },
  );
}

interface Scenario {
  name: string;
  body: Record<string, unknown>;
  cancelAfterMs?: number;
  /** Signals sent to the running workflow, as a human or the API would. */
  drive?(handle: WorkflowHandle): Promise<void>;
  /** Instead of create-and-start: brings the run about itself (a race forced with locks) and returns its id. */
  race?(ctx: RaceContext, body: Record<string, unknown>): Promise<string>;
}

const shortDelayRun = {
  name: 'short delay',
  workflow: {
    nodes: [
      { id: 'first', type: 'echo', config: { value: 1 } },
      { id: 'wait', type: 'delay', config: { duration: '2s' }, depends_on: ['first'] },
      { id: 'last', type: 'echo', config: { value: 2 }, depends_on: ['wait'] },
    ],
  },
};

const SCENARIOS: Scenario[] = [
  ...RACE_SCENARIOS,
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
  // The soak's and the rate finder's shape: a timer of a second or more writes the journal before it starts.
  { name: 'short-delay-flushed', body: shortDelayRun },
  {
    name: 'canceled-during-delay',
    body: { name: 'cancel me', workflow: { nodes: [{ id: 'wait', type: 'delay', config: { duration: '10m' } }] } },
    cancelAfterMs: 700,
  },
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
          {
            id: 'flaky',
            type: 'fail',
            config: { message: 'transient', fail_attempts: 1 },
            retry: { max_attempts: 3, initial_interval: '50ms' },
            depends_on: ['big'],
          },
          { id: 'charge', type: 'fail', config: { message: 'declined' }, on_error: { handler: 'refund' }, depends_on: ['check'] },
          { id: 'refund', type: 'echo', config: { value: '{{ nodes.charge.error }}' }, depends_on: ['charge'] },
          { id: 'soft', type: 'fail', on_error: 'continue' },
          {
            id: 'join',
            type: 'transform',
            config: { expression: '[nodes.big.output, nodes.refund.output]' },
            depends_on: ['flaky', 'small', 'refund', 'soft'],
          },
        ],
      },
    },
  },
  {
    name: 'unknown-node-type-skipped',
    body: {
      name: 'degraded',
      workflow: {
        nodes: [
          { id: 'mystery', type: 'teleport' },
          { id: 'after', type: 'echo', config: { value: 'still ran' }, depends_on: ['mystery'] },
        ],
      },
    },
  },
  {
    name: 'agent-tools-streamed',
    body: {
      name: 'agent',
      input: { path: '/article' },
      workflow: {
        nodes: [
          { id: 'reader', type: 'agent', config: { prompt: 'Title of {{ input.path }}?', tools: ['http_request', 'finish'], stream: true } },
          { id: 'quote', type: 'echo', config: { value: 'title: {{ nodes.reader.output.output.title }}' }, depends_on: ['reader'] },
        ],
      },
    },
  },
  {
    name: 'large-output-by-reference',
    body: {
      name: 'large',
      input: { doc: { title: 'big', items: Array.from({ length: 600 }, (_, i) => ({ i, text: `item ${i} `.repeat(6) })) } },
      workflow: {
        nodes: [
          { id: 'big', type: 'echo' },
          { id: 'count', type: 'transform', config: { expression: '$count(nodes.big.output.doc.items)' }, depends_on: ['big'] },
          { id: 'title', type: 'echo', config: { value: '{{ nodes.big.output.doc.title }} has {{ nodes.count.output }} items' }, depends_on: ['count'] },
        ],
      },
    },
  },
  {
    name: 'approval-decided-and-patched',
    body: {
      name: 'approval',
      input: { amount: 900 },
      workflow: {
        nodes: [
          { id: 'ask', type: 'approval', config: { title: 'Pay {{ input.amount }}?', details: 'amount {{ input.amount }}', timeout: '10m' } },
          { id: 'pay', type: 'echo', config: { value: 'paid' }, depends_on: ['ask'], when: 'approved' },
          { id: 'drop', type: 'echo', config: { value: 'dropped' }, depends_on: ['ask'], when: 'rejected' },
        ],
      },
    },
    async drive(handle) {
      const [approvalId] = await approvalIds(handle, 1);
      // One patch applies (a receipt after the payment), one is refused (the approval is running).
      await handle.signal(applyPatchSignal, {
        patch_id: 'record-add-receipt',
        source: 'temporal',
        operations: [
          { op: 'add', path: '/nodes/-', value: { id: 'receipt', type: 'echo', config: { value: 'receipt for {{ nodes.pay.output }}' }, depends_on: ['pay'] } },
        ],
      });
      await handle.signal(applyPatchSignal, {
        patch_id: 'record-edit-running',
        source: 'temporal',
        operations: [{ op: 'replace', path: '/nodes/0/config/title', value: 'x' }],
      });
      await handle.signal(approvalDecisionSignal, { approval_id: approvalId, decision: 'approve', decided_by: 'recorder', comment: 'ok' });
      // A second decision for the same approval is ignored.
      await handle.signal(approvalDecisionSignal, { approval_id: approvalId, decision: 'reject', decided_by: 'late' });
    },
  },
  {
    name: 'approvals-parallel-expired-and-rejected',
    body: {
      name: 'approvals',
      workflow: {
        nodes: [
          { id: 'legal', type: 'approval', config: { title: 'Legal', timeout: '1s', on_timeout: 'approve' } },
          { id: 'finance', type: 'approval', config: { title: 'Finance', timeout: '10m' } },
          { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['legal'], when: 'approved' },
          { id: 'hold', type: 'echo', config: { value: 'held' }, depends_on: ['finance'], when: 'rejected' },
        ],
      },
    },
    async drive(handle) {
      const ids = await approvalIds(handle, 2);
      await new Promise((r) => setTimeout(r, 1500));
      for (const id of ids) await handle.signal(approvalDecisionSignal, { approval_id: id, decision: 'reject', decided_by: 'recorder' });
    },
  },
  {
    name: 'agent-patches-own-run',
    body: {
      name: 'planner',
      workflow: { nodes: [{ id: 'planner', type: 'agent', config: { prompt: 'Plan the work', tools: ['patch_workflow', 'finish'] } }] },
    },
  },
  {
    name: 'approval-canceled',
    body: { name: 'cancel approval', workflow: { nodes: [{ id: 'ask', type: 'approval', config: { title: 'Never answered' } }] } },
    cancelAfterMs: 1000,
  },
];

async function main(): Promise<void> {
  const target = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Durable agents' })));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetHost = `127.0.0.1:${(target.address() as AddressInfo).port}`;
  const model = await startScriptedModel({ responder: (request) => agentReply(request, `http://${targetHost}`) });
  const stack = await startThrowawayStack('record', {
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'record', HTTP_ALLOWED_HOSTS: targetHost },
  });
  const { client } = stack;
  const app = await createApiApp(loadConfig({ ...stack.env, PORT: '0' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = await createDataSource(stack.env.DATABASE_URL as string, { poolSize: 2 }).initialize();
  const post = async (path: string, body?: unknown) =>
    (await (
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      })
    ).json()) as { run: { id: string } };
  try {
    await mkdir(OUT, { recursive: true });
    for (const scenario of SCENARIOS) {
      // Histories recorded by earlier versions stay as they were: replaying them is the point.
      if (!process.env.RERECORD && existsSync(join(OUT, `${scenario.name}.json`))) continue;
      const run = scenario.race
        ? { id: await scenario.race({ base, client, db, databaseUrl: stack.env.DATABASE_URL as string }, scenario.body) }
        : (await post('/api/runs', { ...scenario.body, start: true })).run;
      await scenario.drive?.(client.workflow.getHandle(run.id));
      if (scenario.cancelAfterMs) {
        await new Promise((r) => setTimeout(r, scenario.cancelAfterMs));
        await post(`/api/runs/${run.id}/cancel`);
      }
      await client.workflow
        .getHandle(run.id)
        .result()
        .catch(() => undefined);
      const history = await client.workflow.getHandle(run.id).fetchHistory();
      await writeFile(join(OUT, `${scenario.name}.json`), historyToJSON(history));
      console.log(`recorded ${scenario.name} (${history.events?.length} events)`);
    }
  } finally {
    await app.close();
    await db.destroy();
    await stack.stop();
    await model.close();
    target.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
