import type { AppConfig } from '@steadfast/config';
import { SEARCH_ATTRIBUTES } from '@steadfast/engine';
import { TERMINAL_RUN_STATUSES } from '@steadfast/domain';
import { temporalClient } from './harness';
import { request, waitForStatus } from './http';
import { eventually } from './eventually';
import type { ApprovalJson, EventJson } from './api-types';

/* The graph and the calls the approval specs (test/e2e/approvals*.e2e-spec.ts) share. */

/** prepare -> gate (approval) -> ship when approved, hold when rejected. */
export function gated(gateConfig: Record<string, unknown> = {}) {
  return {
    nodes: [
      { id: 'prepare', type: 'echo', config: { value: 'v1.2' } },
      {
        id: 'gate',
        type: 'approval',
        config: {
          title: 'Ship {{ nodes.prepare.output }}?',
          details: 'Release {{ input.release }} to production',
          approvers: ['ops', 'role:release-manager'],
          timeout: '10m',
          ...gateConfig,
        },
        depends_on: ['prepare'],
      },
      { id: 'ship', type: 'echo', config: { value: 'shipped' }, depends_on: ['gate'], when: 'approved' },
      { id: 'hold', type: 'echo', config: { value: 'held' }, depends_on: ['gate'], when: 'rejected' },
    ],
  };
}

export async function startRun(base: string, workflow: unknown, input: unknown = { release: '2026.11' }): Promise<string> {
  const { status, body } = await request(base, 'POST', '/api/runs', { name: 'approvals', workflow, input, start: true });
  expect(status).toBe(201);
  return body.run.id;
}

/** Polls the inbox until the run has `count` approvals (pending ones unless `status` says otherwise). */
export async function approvalsOf(base: string, runId: string, count = 1, status: string | null = 'pending'): Promise<ApprovalJson[]> {
  const filter = status ? `&status=${status}` : '';
  return eventually(
    async () => {
      const res = await request(base, 'GET', `/api/approvals?run_id=${runId}${filter}`);
      expect(res.status).toBe(200);
      expect(res.body.approvals.length).toBeGreaterThanOrEqual(count);
      return res.body.approvals;
    },
    { intervalMs: 100, message: `run ${runId} to have ${count} ${status ?? ''} approvals` },
  );
}

export function decide(base: string, approvalId: string, body: unknown) {
  return request(base, 'POST', `/api/approvals/${approvalId}/decide`, body);
}

export async function finished(base: string, runId: string) {
  const run = await waitForStatus(base, runId, TERMINAL_RUN_STATUSES, 60_000);
  const events = (await request(base, 'GET', `/api/runs/${runId}/events?limit=500`)).body.events;
  const nodes = (await request(base, 'GET', `/api/runs/${runId}/nodes`)).body.nodes;
  return { run, events, nodes: Object.fromEntries(nodes.map((n) => [n.id, n.status])) };
}

/** Waits until Temporal shows the run's status search attribute as waiting_for_approval. */
export async function untilWaiting(config: AppConfig, runId: string): Promise<void> {
  const temporal = await temporalClient(config);
  try {
    const handle = temporal.client.workflow.getHandle(runId);
    await eventually(async () => expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.status)).toBe('waiting_for_approval'), {
      timeoutMs: 10_000,
      intervalMs: 50,
      message: `run ${runId} to show waiting_for_approval in Temporal`,
    });
  } finally {
    await temporal.close();
  }
}

export const statusUpdates = (events: EventJson[]) => events.filter((e) => e.type === 'status_update').map((e) => e.status);
