import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { RUN_WORKFLOW_TYPE, SEARCH_ATTRIBUTES, type RunWorkflowInput } from '@steadfast/engine';
import { DEFAULT_TASK_QUEUE } from '@steadfast/config';
import { holdLock, waitForLockWait } from '../support/row-lock';

export interface RaceContext {
  base: string;
  client: Client;
  db: DataSource;
  databaseUrl: string;
}

interface RaceScenario {
  name: string;
  body: Record<string, unknown>;
  race(ctx: RaceContext, body: Record<string, unknown>): Promise<string>;
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await res.json()) as T;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await probe()) return;
    await pause(50);
  }
  throw new Error('the race did not reach the point it waits for');
}

/**
 * Holds the run's row, calls `trigger` (which sets off the statement to stop), waits until a statement
 * containing `waitsFor` waits on the row, runs `meanwhile`, then lets go.
 */
async function withRowHeld(ctx: RaceContext, runId: string, waitsFor: string, trigger: () => void, meanwhile: () => Promise<unknown>): Promise<void> {
  const lock = await holdLock(ctx.databaseUrl, 'SELECT 1 FROM runs WHERE id = $1 FOR UPDATE', [runId]);
  try {
    trigger();
    await waitForLockWait(ctx.db, waitsFor);
    await meanwhile();
    // The request lands in the server's buffer for the workflow task in flight; give it a moment.
    await pause(300);
  } finally {
    await lock.release();
  }
}

/**
 * The orders of cancel, claim and start that once lost runs (a cancel before or during the first
 * workflow task, or as the run writes its end), recorded so that replay keeps them working.
 */
export const RACE_SCENARIOS: RaceScenario[] = [
  {
    // The start that lost to a cancel: its workflow finds the run cancelled and waits for its own cancel request.
    name: 'canceled-before-claim',
    body: { name: 'lost start', workflow: { nodes: [{ id: 'a', type: 'echo' }] } },
    async race({ base, client }, body) {
      const { run } = await api<{ run: { id: string; name: string; tags: string[]; input: unknown } }>(base, 'POST', '/api/runs', body);
      await api(base, 'POST', `/api/runs/${run.id}/cancel`);
      const { definition } = await api<{ definition: { dag: RunWorkflowInput['dag'] } }>(base, 'GET', `/api/runs/${run.id}/definition`);
      const input: RunWorkflowInput = { runId: run.id, tenant: 'default', name: run.name, dag: definition.dag, input: run.input ?? null, tags: run.tags };
      const handle = await client.workflow.start(RUN_WORKFLOW_TYPE, {
        workflowId: run.id,
        taskQueue: DEFAULT_TASK_QUEUE,
        args: [input],
        typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.status, value: 'running' }],
      });
      await until(async () => ((await handle.fetchHistory()).events ?? []).some((event) => event.timerStartedEventAttributes));
      await handle.cancel();
      return run.id;
    },
  },
  {
    // The cancel request arrives while the first workflow task waits for its claim.
    name: 'cancel-during-claim',
    body: {
      name: 'cancel during claim',
      workflow: {
        nodes: [
          { id: 'a', type: 'echo' },
          { id: 'wait', type: 'delay', config: { duration: '10m' }, depends_on: ['a'] },
        ],
      },
    },
    async race(ctx, body) {
      const { run } = await api<{ run: { id: string } }>(ctx.base, 'POST', '/api/runs', body);
      let started: Promise<unknown> = Promise.resolve();
      // POST /start starts the workflow, whose claim then waits on the row (and so does the API's own update).
      const start = () => void (started = api(ctx.base, 'POST', `/api/runs/${run.id}/start`));
      await withRowHeld(ctx, run.id, 'INSERT INTO runs', start, () => ctx.client.workflow.getHandle(run.id).cancel());
      await started;
      return run.id;
    },
  },
  {
    // The cancel request arrives while the workflow writes the run's end: that workflow task fails and is retried.
    name: 'cancel-racing-final-write',
    body: { name: 'cancel at the end', workflow: { nodes: [{ id: 'wait', type: 'delay', config: { duration: '1s' } }] } },
    async race(ctx, body) {
      const { run } = await api<{ run: { id: string } }>(ctx.base, 'POST', '/api/runs', { ...body, start: true });
      await until(async () => {
        const page = await api<{ events: { type: string }[] }>(ctx.base, 'GET', `/api/runs/${run.id}/events`);
        return page.events.some((event) => event.type === 'node_started');
      });
      await withRowHeld(
        ctx,
        run.id,
        'UPDATE runs SET',
        () => undefined,
        () => ctx.client.workflow.getHandle(run.id).cancel(),
      );
      return run.id;
    },
  },
];
