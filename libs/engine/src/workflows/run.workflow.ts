import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { isActiveStatus, validateDag, type TokenUsage } from '@steadfast/domain';
import {
  agentLogSignal,
  applyPatchSignal,
  approvalDecisionSignal,
  definitionQuery,
  eventsQuery,
  patchOutcomeQuery,
  SEARCH_ATTRIBUTES,
  type RunWorkflowInput,
  type RunWorkflowResult,
} from '../contracts';
import { ApprovalDesk } from './approval-desk';
import { DagScheduler } from './dag-scheduler';
import { PatchDesk } from './patch-desk';
import { RunJournal } from './run-journal';

/* Streamed text arrives in batches of at most 2000 characters; anything longer was not sent by us. */
const MAX_LOG_MESSAGE = 4000;

/*
 * A run the API cancelled before its workflow claimed it: whoever cancelled it (the cancel itself, or a
 * start that found the run cancelled after starting this workflow) also asks Temporal to cancel this
 * execution, usually before its first task. Waiting for that request lets Temporal record the execution
 * CANCELED like the run; if no request comes (the API process died between its two steps), the execution
 * completes after the wait with the run's status as its result.
 */
const CANCELED_BEFORE_CLAIM_PATCH = 'canceled-before-claim-waits-for-cancel';
const CANCEL_REQUEST_WAIT = '1 minute';
const CANCELED_BEFORE_FIRST_NODE_PATCH = 'canceled-before-first-node';

/** Resolves when the wait ends without a cancel request; rejects with the cancellation when one arrives. */
async function awaitCancelRequest(): Promise<void> {
  await condition(() => false, CANCEL_REQUEST_WAIT);
}

/** One run = one workflow execution (workflow id = run id). */
export async function runWorkflow(input: RunWorkflowInput): Promise<RunWorkflowResult> {
  const journal = new RunJournal(input.runId, input.eventsBefore);
  const approvals = new ApprovalDesk(journal, input.runId);
  const patches = new PatchDesk(journal, input.dag);
  setHandler(eventsQuery, (after) => journal.page(after));
  setHandler(definitionQuery, () => patches.definition());
  setHandler(patchOutcomeQuery, (patchId) => patches.outcome(patchId));
  setHandler(approvalDecisionSignal, (decision) => approvals.receive(decision));
  setHandler(applyPatchSignal, (patch) => patches.receive(patch));
  setHandler(agentLogSignal, (log) => {
    // Only while the run is ours and live: before the claim the journal's seqs are not yet settled.
    if (!isActiveStatus(journal.status) || typeof log?.node_id !== 'string' || typeof log.message !== 'string') return;
    journal.append({ type: 'log', level: 'info', node_id: log.node_id, message: log.message.slice(0, MAX_LOG_MESSAGE) });
  });

  const now = () => new Date().toISOString();
  const claim = await journal.claim(workflowInfo().runId, now(), {
    tenant: input.tenant,
    name: input.name,
    input: input.input,
    tags: input.tags ?? [],
    dag: input.dag,
  });
  if (!claim.claimed) {
    // Cancelled (or finished) through the API before this execution took the run over: nothing to record.
    const status = claim.status ?? 'canceled';
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
    if (status === 'canceled' && patched(CANCELED_BEFORE_CLAIM_PATCH)) await awaitCancelRequest();
    return { status, output: null, error: null };
  }

  /** `usage`: the tokens the run's agent nodes spent, summed by the scheduler. */
  const finish = async (result: RunWorkflowResult, usage?: TokenUsage): Promise<RunWorkflowResult> => {
    patches.close(`the run has ended (${result.status})`);
    await CancellationScope.nonCancellable(async () => {
      const at = now();
      const timestamps = result.status === 'canceled' ? { canceled_at: at, completed_at: at } : { completed_at: at };
      journal.setStatus(result.status, { output: result.output, error: result.error, ...timestamps, ...(usage ? { usage } : {}) });
      journal.append({ type: 'final', status: result.status, output: result.output, error: result.error });
      await journal.drain();
      journal.announceEnd();
    });
    return result;
  };

  // The DAG was validated by the API; validating again keeps the workflow safe when started directly.
  const validation = validateDag(input.dag);
  if (!validation.dag) {
    const error = `invalid workflow: ${validation.errors.join('; ')}`;
    await finish({ status: 'failed', output: null, error });
    throw ApplicationFailure.nonRetryable(error, 'InvalidWorkflow');
  }
  for (const warning of validation.warnings) journal.append({ type: 'log', level: 'warn', message: warning });

  const scheduler = new DagScheduler(validation.dag, journal, { id: input.runId, name: input.name, input: input.input }, approvals);
  patches.attach(scheduler);
  const deadline = validation.dag.timeout_ms;
  let timedOut = false;
  try {
    // Cancelled before the first task ran: end as canceled without starting (and at once cancelling) a node.
    const root = CancellationScope.current();
    if (root.consideredCancelled && patched(CANCELED_BEFORE_FIRST_NODE_PATCH)) await root.cancelRequested;
    const output = deadline
      ? await CancellationScope.cancellable(async () => {
          // A durable timer races the DAG; when it wins, the DAG's scope is cancelled like a user cancel.
          const scope = CancellationScope.current();
          sleep(deadline).then(
            () => {
              timedOut = true;
              scope.cancel();
            },
            () => undefined, // the run ended or was cancelled first
          );
          return scheduler.execute();
        })
      : await scheduler.execute();
    return await finish({ status: 'completed', output, error: null }, scheduler.usage);
  } catch (err) {
    if (isCancellation(err) && timedOut) {
      const error = `Run timed out after ${deadline} ms`;
      await finish({ status: 'timed_out', output: null, error }, scheduler.usage);
      throw ApplicationFailure.nonRetryable(error, 'RunTimedOut');
    }
    if (isCancellation(err)) {
      await finish({ status: 'canceled', output: null, error: 'Run canceled' }, scheduler.usage);
      throw err;
    }
    const error = err instanceof Error ? err.message : String(err);
    await finish({ status: 'failed', output: null, error }, scheduler.usage);
    // Failing the execution too keeps the Temporal UI's status in step with the run's.
    throw ApplicationFailure.nonRetryable(error, 'RunFailed');
  }
}
