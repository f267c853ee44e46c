import { Injectable } from '@nestjs/common';
import { ACTIVE_RUN_STATUSES, DomainError, DomainErrorCode, type RunEvent } from '@steadfast/domain';
import { RunRepository, type RunEntity } from '@steadfast/persistence';
import { RunQueryService } from './run-query.service';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';

/**
 * POST /api/runs/:id/cancel. The rule behind every branch: a run whose workflow exists ends by its
 * workflow, which Temporal is asked to cancel; the API writes a terminal status only for a run no
 * workflow has claimed, and then still asks Temporal, so a workflow a racing start created ends too.
 */
@Injectable()
export class CancelRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly query: RunQueryService,
    private readonly workflows: RunWorkflowGateway,
  ) {}

  async execute(tenant: string, id: string): Promise<RunEntity> {
    const run = await this.query.get(tenant, id);
    switch (run.status) {
      case 'created':
      case 'queued': {
        const canceled = await this.cancelUnstarted(run);
        // A start or the workflow's claim got there first: the run is running now, cancel it as such.
        if (!canceled) return this.execute(tenant, id);
        await this.workflows.cancelIfAny(id);
        return canceled;
      }
      case 'running':
      case 'waiting_for_approval':
      case 'canceling': {
        // Temporal first: once the row says `canceling`, a cancel request must be on its way, or a workflow
        // that has not claimed the run yet would take the mark for someone else's and never end.
        const requested = await this.workflows.cancel(id);
        const canceling = await this.runs.transition(id, [...ACTIVE_RUN_STATUSES], { status: 'canceling' });
        if (canceling) return canceling;
        // The workflow ended between the read and the write. If Temporal took the request, the workflow was
        // still open and decides how it ends (a task that was writing `completed` can be retried as
        // `canceled`): the request was accepted, and the run is shown as it is now. If not, it had ended first.
        if (requested) return (await this.runs.findById(id)) as RunEntity;
        return this.execute(tenant, id);
      }
      case 'canceled':
        throw new DomainError(DomainErrorCode.RunAlreadyCanceled, 'Run already canceled');
      default:
        throw new DomainError(DomainErrorCode.RunAlreadyFinished, 'Run already finished');
    }
  }

  /**
   * No workflow owns a created or queued run, so the API records the cancellation and its events itself.
   * A workflow that a racing start created finds the run canceled when it tries to claim it and waits for
   * its cancel request; the queue's dispatcher skips a run locked by this update.
   */
  private cancelUnstarted(run: RunEntity): Promise<RunEntity | null> {
    const now = new Date();
    const timestamp = now.toISOString();
    // A queued run already has one event, its `queued` status.
    const seq = run.status === 'queued' ? 1 : 0;
    const events: RunEvent[] = [
      { seq: seq + 1, run_id: run.id, timestamp, type: 'status_update', status: 'canceled' },
      { seq: seq + 2, run_id: run.id, timestamp, type: 'final', status: 'canceled', output: null, error: 'Run canceled' },
    ];
    return this.runs.transitionWithEvents(run.id, [run.status], { status: 'canceled', canceledAt: now, completedAt: now }, events);
  }
}
