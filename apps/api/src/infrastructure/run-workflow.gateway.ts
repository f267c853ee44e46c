import { Injectable, Logger } from '@nestjs/common';
import {
  isGrpcDeadlineError,
  QueryNotRegisteredError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type QueryDefinition,
  type SignalDefinition,
} from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import type { NewRun } from '@steadfast/persistence';
import { RUN_WORKFLOW_TYPE, SEARCH_ATTRIBUTES, type RunWorkflowInput } from '@steadfast/engine';
import { TemporalClient } from './temporal.module';

/**
 * Start, signal and cancel are answered by the Temporal server alone. A request answers within this even
 * when Temporal does not: a decision or a queued run is stored already, and its outbox or queue retries.
 */
export const WORKFLOW_CALL_DEADLINE_MS = 5_000;

/** A query is answered from the workflow's memory by a worker: one that takes longer is not answering. */
export const WORKFLOW_QUERY_DEADLINE_MS = 3_000;

export type WorkflowCall = 'start' | 'cancel' | 'signal' | 'query';

/**
 * The API's only way to a run's workflow (one per run, its id the run id): every call has a deadline, and
 * every failure reaches callers as a DomainError.
 */
@Injectable()
export class RunWorkflowGateway {
  private readonly logger = new Logger(RunWorkflowGateway.name);

  constructor(private readonly temporal: TemporalClient) {}

  /**
   * Starts the run's workflow. Workflow-id uniqueness (REJECT_DUPLICATE, FAIL on conflict) is what makes a
   * second start a 409 even when two API processes race.
   */
  async start(run: NewRun, eventsBefore = 0): Promise<{ temporalRunId: string }> {
    const input: RunWorkflowInput = { runId: run.id, tenant: run.tenant, name: run.name, dag: run.dag, input: run.input ?? null, tags: run.tags };
    // Only when set, so the input of a run that was never queued stays as it always was.
    if (eventsBefore > 0) input.eventsBefore = eventsBefore;
    const handle = await this.call('start', WORKFLOW_CALL_DEADLINE_MS, () =>
      this.temporal.client.workflow.start(RUN_WORKFLOW_TYPE, {
        workflowId: run.id,
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.status, value: 'running' },
          { key: SEARCH_ATTRIBUTES.name, value: run.name },
          { key: SEARCH_ATTRIBUTES.tags, value: run.tags },
          { key: SEARCH_ATTRIBUTES.tenant, value: run.tenant },
        ],
        memo: { tenant: run.tenant },
        staticSummary: `Steadfast run "${run.name}"`,
      }),
    );
    return { temporalRunId: handle.firstExecutionRunId };
  }

  /**
   * Requests cancellation; the workflow cancels its timers and activities and records `canceled`. False
   * when there is no open workflow: none was started, or it finished first and recorded its own end.
   */
  async cancel(runId: string): Promise<boolean> {
    try {
      await this.call('cancel', WORKFLOW_CALL_DEADLINE_MS, () => this.temporal.client.workflow.getHandle(runId).cancel());
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === DomainErrorCode.RunNotActive) return false;
      throw err;
    }
  }

  /**
   * For a run the API has already canceled: closes a workflow that a start racing the cancel (or one whose
   * process died before recording it) may have created. Usually there is none. The run is canceled whatever
   * Temporal answers, so a failure here is only logged.
   */
  async cancelIfAny(runId: string): Promise<void> {
    try {
      await this.cancel(runId);
    } catch (err) {
      this.logger.warn({ run_id: runId, workflow_id: runId, err }, 'could not ask Temporal to cancel the workflow of a run canceled before its start');
    }
  }

  /** Sends a signal; a workflow that has ended rejects it as RunNotActive. */
  async signal<Args extends unknown[]>(runId: string, definition: SignalDefinition<Args>, ...args: Args): Promise<void> {
    await this.call('signal', WORKFLOW_CALL_DEADLINE_MS, () => this.temporal.client.workflow.getHandle(runId).signal(definition, ...args));
  }

  async query<Ret, Args extends unknown[]>(runId: string, definition: QueryDefinition<Ret, Args>, ...args: Args): Promise<Ret> {
    return this.call('query', WORKFLOW_QUERY_DEADLINE_MS, () => this.temporal.client.workflow.getHandle(runId).query(definition, ...args), definition.name);
  }

  private async call<T>(call: WorkflowCall, deadlineMs: number, send: () => Promise<T>, queryName?: string): Promise<T> {
    try {
      return await this.temporal.client.withDeadline(Date.now() + deadlineMs, send);
    } catch (err) {
      throw workflowFailure(err, call, queryName);
    }
  }
}

/**
 * A failed call to a run's workflow, as the client should read it: a second start is 409, a workflow that
 * has ended means the run is no longer active (409), anything else is Temporal or its worker not answering (503).
 */
export function workflowFailure(err: unknown, call: WorkflowCall, queryName = 'state'): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');
  if (err instanceof WorkflowNotFoundError) {
    return new DomainError(DomainErrorCode.RunNotActive, 'Run is not active: its workflow has already ended');
  }
  // Only a query needs a worker; a start, signal or cancel out of time is the server not answering.
  if (call === 'query' && isGrpcDeadlineError(err)) {
    return new DomainError(DomainErrorCode.DependencyUnavailable, "Temporal did not answer in time: is a worker polling the run's task queue?");
  }
  // A worker on code older than the query cannot serve it; the run itself is fine.
  if (err instanceof QueryNotRegisteredError) {
    return new DomainError(DomainErrorCode.DependencyUnavailable, `The run's worker cannot report its ${queryName}: ${err.message}`);
  }
  return new DomainError(DomainErrorCode.DependencyUnavailable, `Temporal is unavailable: ${(err as Error).message}`);
}
