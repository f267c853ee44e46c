import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { RunRepository, type NewRun, type RunEntity } from '@steadfast/persistence';
import { RunQueryService } from './run-query.service';
import { RunWorkflowStarter } from './run-workflow.starter';

/** POST /api/runs/:id/start. */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly query: RunQueryService,
    private readonly workflows: RunWorkflowStarter,
  ) {}

  async execute(tenant: string, id: string): Promise<RunEntity> {
    const run = await this.query.get(tenant, id);
    if (run.status === 'canceled') throw new DomainError(DomainErrorCode.RunAlreadyCanceled, 'Run already canceled');
    if (run.status !== 'created') throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');
    return this.startIfCreated(run);
  }

  /**
   * The workflow starts first and the record follows: if this process dies in between, the workflow's own
   * first step marks the run running, so no run is left started-but-unrecorded.
   */
  async startIfCreated(run: RunEntity): Promise<RunEntity> {
    const { temporalRunId } = await this.workflows.start(run);
    const started = await this.runs.transition(run.id, ['created'], { status: 'running', startedAt: new Date(), temporalRunId });
    return started ?? ((await this.runs.findById(run.id)) as RunEntity);
  }

  /** Starts the workflow of a run being created right now; the fields the start sets, for the response. */
  async startWorkflow(run: NewRun): Promise<Pick<RunEntity, 'status' | 'startedAt' | 'temporalRunId'>> {
    const { temporalRunId } = await this.workflows.start(run);
    return { status: 'running', startedAt: new Date(), temporalRunId };
  }

  /** Like startIfCreated, but a start that another request won is success too (idempotent retries). */
  async ensureStarted(run: RunEntity): Promise<RunEntity> {
    try {
      return await this.startIfCreated(run);
    } catch (err) {
      if (err instanceof DomainError && err.code === DomainErrorCode.RunAlreadyStarted) {
        return (await this.runs.findById(run.id)) as RunEntity;
      }
      throw err;
    }
  }
}
