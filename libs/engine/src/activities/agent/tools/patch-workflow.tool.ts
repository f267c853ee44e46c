import { checkRunPatch, type RunDagState } from '@steadfast/domain';
import type { ApplyPatchSignal, PatchOutcome } from '../../../contracts';
import { idempotencyKey } from '../../guarded-request';
import { toolError, type ToolResult } from './tool-result';

/** The agent's own run, as the tool needs it: the workflow's graph, its patch signal and its outcome query. */
export interface RunPatchChannel {
  definition(): Promise<RunDagState>;
  apply(patch: ApplyPatchSignal): Promise<void>;
  outcome(patchId: string): Promise<PatchOutcome | null>;
}

export interface PatchWorkflowToolContext {
  patches: RunPatchChannel;
  runId: string;
  nodeId: string;
  step: number;
  callId: string;
  signal: AbortSignal;
  /** How long to wait for the workflow's verdict, and how often to ask. */
  waitMs?: number;
  pollMs?: number;
}

const WAIT_MS = 10_000;
const POLL_MS = 150;

/**
 * The same call gets the same id on every activity attempt, so a retried attempt whose model repeats the
 * call is recognised by the workflow and not applied twice. The step is part of it because some servers
 * number their call ids per reply.
 */
export function agentPatchId(runId: string, nodeId: string, step: number, callId: string): string {
  return `patch-${idempotencyKey(runId, nodeId, String(step), callId)}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `patch_workflow`: the same path as POST /api/runs/:id/patches. The proposal is checked against the graph
 * the workflow holds now; a refusal goes back to the model, which can correct it. An accepted one is
 * signalled (source `agent`, this node), the workflow checks it again and decides, and the model reads
 * the verdict: applied at a revision, rejected with the reason, or still pending after a short wait.
 */
export async function patchWorkflowTool(args: Record<string, unknown>, ctx: PatchWorkflowToolContext): Promise<ToolResult> {
  const operations = args.patch;
  const reason = typeof args.reason === 'string' ? args.reason : undefined;
  const recorded = { patch: operations, ...(reason !== undefined ? { reason } : {}) };
  try {
    return await propose(operations, reason, recorded, ctx);
  } catch (err) {
    // A cancelled run stops the activity; it is not the model's problem to solve.
    if (ctx.signal.aborted) throw err;
    return toolError('error', `the patch could not be proposed: ${(err as Error).message}`, recorded);
  }
}

async function propose(operations: unknown, reason: string | undefined, recorded: Record<string, unknown>, ctx: PatchWorkflowToolContext): Promise<ToolResult> {
  const check = checkRunPatch(await ctx.patches.definition(), operations);
  if (check.errors.length > 0) {
    const error = `patch rejected: ${check.errors.join('; ')}`;
    return {
      outcome: 'rejected',
      content: JSON.stringify({
        status: 'rejected',
        errors: check.errors,
        instruction: 'correct the operations and call patch_workflow again, or carry on without the change',
      }),
      summary: { ...recorded, status: 'rejected', error },
    };
  }

  const patchId = agentPatchId(ctx.runId, ctx.nodeId, ctx.step, ctx.callId);
  await ctx.patches.apply({
    patch_id: patchId,
    operations: operations as unknown[],
    ...(reason !== undefined ? { reason } : {}),
    source: 'agent',
    node_id: ctx.nodeId,
  });

  const deadline = Date.now() + (ctx.waitMs ?? WAIT_MS);
  let outcome = await ctx.patches.outcome(patchId);
  while (!outcome && Date.now() < deadline && !ctx.signal.aborted) {
    await sleep(ctx.pollMs ?? POLL_MS, ctx.signal);
    outcome = await ctx.patches.outcome(patchId);
  }
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('canceled while the patch was pending');

  if (!outcome) {
    return {
      outcome: 'ok',
      content: JSON.stringify({ status: 'pending', patch_id: patchId, note: 'the run has not decided on the patch yet; it may still apply it' }),
      summary: { ...recorded, patch_id: patchId, status: 'pending' },
    };
  }
  if (outcome.status === 'rejected') {
    const error = `patch rejected: ${outcome.reason ?? 'no reason given'}`;
    return {
      outcome: 'rejected',
      content: JSON.stringify({ status: 'rejected', patch_id: patchId, reason: outcome.reason }),
      summary: { ...recorded, patch_id: patchId, status: 'rejected', error },
    };
  }
  return {
    outcome: 'ok',
    content: JSON.stringify({
      status: 'applied',
      patch_id: patchId,
      revision: outcome.revision,
      added: check.added,
      removed: check.removed,
      changed: check.changed,
    }),
    summary: { ...recorded, patch_id: patchId, status: 'applied', revision: outcome.revision },
  };
}
