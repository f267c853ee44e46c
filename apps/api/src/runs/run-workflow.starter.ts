import { Injectable, Logger } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import type { NewRun } from '@steadfast/persistence';
import { RUN_WORKFLOW_TYPE, SEARCH_ATTRIBUTES, type RunWorkflowInput } from '@steadfast/temporal';
import { TemporalClient } from '../infrastructure/temporal.module';

/** Temporal side of the run lifecycle: one workflow per run, its id the run id. */
@Injectable()
export class RunWorkflowStarter {
  private readonly logger = new Logger(RunWorkflowStarter.name);

  constructor(private readonly temporal: TemporalClient) {}

  /**
   * Starts the run's workflow. Workflow-id uniqueness (REJECT_DUPLICATE, FAIL on conflict) is what makes a
   * second start a 409 even when two API processes race.
   */
  async start(run: NewRun, eventsBefore = 0): Promise<{ temporalRunId: string }> {
    const input: RunWorkflowInput = { runId: run.id, tenant: run.tenant, name: run.name, dag: run.dag, input: run.input ?? null, tags: run.tags };
    // Only when set, so the input of a run that was never queued stays as it always was.
    if (eventsBefore > 0) input.eventsBefore = eventsBefore;
    try {
      const handle = await this.temporal.client.workflow.start(RUN_WORKFLOW_TYPE, {
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
      });
      return { temporalRunId: handle.firstExecutionRunId };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');
      }
      throw unavailable(err);
    }
  }

  /**
   * Requests cancellation; the workflow cancels its timers and activities and records `canceled`. False
   * when there is no open workflow: none was started, or it finished first and recorded its own end.
   */
  async cancel(runId: string): Promise<boolean> {
    try {
      await this.temporal.client.workflow.getHandle(runId).cancel();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw unavailable(err);
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
}

function unavailable(err: unknown): DomainError {
  return new DomainError(DomainErrorCode.DependencyUnavailable, `Temporal is unavailable: ${(err as Error).message}`);
}
