import { Injectable } from '@nestjs/common';
import { ACTIVE_RUN_STATUSES, DomainError, DomainErrorCode, isActiveStatus, type RunEvent } from '@steadfast/domain';
import { RunRepository, type RunEntity } from '@steadfast/persistence';
import { RunQueryService } from './run-query.service';
import { RunWorkflowStarter } from './run-workflow.starter';

/** POST /api/runs/:id/cancel. */
@Injectable()
export class CancelRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly query: RunQueryService,
    private readonly workflows: RunWorkflowStarter,
  ) {}

  async execute(tenant: string, id: string): Promise<RunEntity> {
    const run = await this.query.get(tenant, id);
    switch (run.status) {
      case 'created':
      case 'queued':
        return (await this.cancelUnstarted(run)) ?? this.execute(tenant, id);
      case 'running':
      case 'waiting_for_approval':
      case 'canceling': {
        const canceling = await this.runs.transition(id, [...ACTIVE_RUN_STATUSES], { status: 'canceling' });
        // The workflow may have finished between the read and the write: report what actually happened.
        if (!canceling && isActiveStatus(run.status)) return this.execute(tenant, id);
        await this.workflows.cancel(id);
        return canceling ?? run;
      }
      case 'canceled':
        throw new DomainError(DomainErrorCode.RunAlreadyCanceled, 'Run already canceled');
      default:
        throw new DomainError(DomainErrorCode.RunAlreadyFinished, 'Run already finished');
    }
  }

  /**
   * No workflow owns a created or queued run, so the API records the cancellation and its events itself.
   * A start racing this finds the run canceled when its workflow tries to claim it, and stops; the queue's
   * dispatcher skips a run locked by this update.
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
