import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { RunRepository, type NewRun, type RunEntity } from '@steadfast/persistence';
import { RunAdmission } from './run-admission.service';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';
import { RunQueryService } from './run-query.service';

/** POST /api/runs/:id/start. */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly query: RunQueryService,
    private readonly workflows: RunWorkflowGateway,
    private readonly admission: RunAdmission,
  ) {}

  async execute(tenant: string, id: string): Promise<RunEntity> {
    const run = await this.query.get(tenant, id);
    assertStartable(run);
    if (!this.admission.capped) return this.startIfCreated(run);
    const admitted = await this.admission.admit(run);
    // A racing start or cancel got there first: answer as if this request had come second.
    if (admitted.outcome === 'unchanged') assertStartable(admitted.run ?? run);
    return admitted.run as RunEntity;
  }

  /**
   * The workflow starts first and the record follows: if this process dies in between, the workflow's own
   * first step marks the run running, so no run is left started-but-unrecorded. Under a per-tenant cap
   * the run may be queued instead.
   */
  async startIfCreated(run: RunEntity): Promise<RunEntity> {
    if (this.admission.capped) {
      const admitted = await this.admission.admit(run);
      return admitted.run ?? run;
    }
    const { temporalRunId } = await this.workflows.start(run);
    const started = await this.runs.transition(run.id, ['created'], { status: 'running', startedAt: new Date(), temporalRunId });
    if (started) return started;
    const now = (await this.runs.findById(run.id)) as RunEntity;
    // Cancelled between the read and the start: the cancel found no workflow yet, so this start closes the one it made.
    if (now.status === 'canceled' && !now.temporalRunId) await this.workflows.cancelIfAny(run.id);
    return now;
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

function assertStartable(run: RunEntity): void {
  if (run.status === 'canceled') throw new DomainError(DomainErrorCode.RunAlreadyCanceled, 'Run already canceled');
  if (run.status === 'queued') throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started', ['the run is queued: it starts when its tenant has a free slot']);
  if (run.status !== 'created') throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');
}
