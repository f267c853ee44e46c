import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { RunQueueRepository, RunRepository, type Admission, type NewRun, type RunEntity, type WorkflowStart } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';

export interface StartRunCommand {
  /** The run to start: its row as read (status `created`), or, with `insert`, the row being created. */
  run: NewRun;
  /** The row is not stored yet (a create without an idempotency token): the start stores it. */
  insert?: boolean;
  /** The request may repeat one that started the run already: that start counts as this one's. */
  retry?: boolean;
}

/**
 * Every start of a run comes through here. Without MAX_RUNNING_RUNS_PER_TENANT the workflow starts at
 * once; under it the run is admitted: it starts if its tenant has a free slot and no run queued ahead of
 * it, otherwise it waits as `queued` for the dispatcher, which starts it through `startQueued`.
 */
@Injectable()
export class RunStarter {
  // The dispatcher starts queued runs through this class, so it cannot be injected here; it registers instead.
  private wakeDispatcher: () => void = () => undefined;

  constructor(
    private readonly runs: RunRepository,
    private readonly queue: RunQueueRepository,
    private readonly workflows: RunWorkflowGateway,
    private readonly config: ApiConfig,
  ) {}

  /** Running runs allowed per tenant; 0 for no cap. */
  get cap(): number {
    return this.config.values.runQueue.maxRunningPerTenant;
  }

  get capped(): boolean {
    return this.cap > 0;
  }

  /** Called when a run is queued behind others while a slot is free, so the dispatcher catches up at once. */
  onQueued(wake: () => void): void {
    this.wakeDispatcher = wake;
  }

  /** `unchanged` only under a cap: the run was not `created` any more (a racing start or cancel won). */
  async start(command: StartRunCommand): Promise<Admission> {
    const { run, insert, retry } = command;
    try {
      if (insert && !this.capped) return { outcome: 'started', run: await this.insertAndStart(run) };
      // Under a cap the run must exist before it is counted, so it is inserted first and then admitted.
      const stored = insert ? await this.runs.insertIfAbsent(run) : run;
      return this.capped ? await this.admit(stored.id) : { outcome: 'started', run: await this.startNow(stored) };
    } catch (err) {
      if (retry && alreadyStarted(err)) return { outcome: 'started', run: (await this.runs.findById(run.id)) as RunEntity };
      throw err;
    }
  }

  /** The queue's start: a workflow that already exists (a start whose record was lost) owns the run already. */
  readonly startQueued: WorkflowStart = async (run, eventsBefore) => {
    try {
      return await this.workflows.start(run, eventsBefore);
    } catch (err) {
      if (alreadyStarted(err)) return { temporalRunId: null };
      throw err;
    }
  };

  private async admit(runId: string): Promise<Admission> {
    const admission = await this.queue.admit(runId, this.cap, this.startQueued);
    // Queued behind others while a slot is free (the dispatcher has not caught up yet): catch up now.
    if (admission.outcome === 'queued') this.wakeDispatcher();
    return admission;
  }

  /**
   * The workflow starts first and the record follows: if this process dies in between, the workflow's own
   * first step marks the run running, so no run is left started-but-unrecorded.
   */
  private async startNow(run: NewRun): Promise<RunEntity> {
    const { temporalRunId } = await this.workflows.start(run);
    const started = await this.runs.transition(run.id, ['created'], { status: 'running', startedAt: new Date(), temporalRunId });
    if (started) return started;
    const now = (await this.runs.findById(run.id)) as RunEntity;
    // Cancelled between the read and the start: the cancel found no workflow yet, so this start closes the one it made.
    if (now.status === 'canceled' && !now.temporalRunId) await this.workflows.cancelIfAny(run.id);
    return now;
  }

  /**
   * Without a token nothing needs deciding first, so the insert and the workflow start go out together
   * and the request costs the slower of the two, not their sum. Whichever lands first writes the record:
   * the workflow's claim creates it if the insert has not.
   */
  private async insertAndStart(run: NewRun): Promise<RunEntity> {
    const [inserted, started] = await Promise.all([
      this.runs.insertIfAbsent(run),
      this.workflows.start(run).then(({ temporalRunId }) => ({ status: 'running' as const, startedAt: new Date(), temporalRunId })),
    ]);
    return Object.assign(inserted, started);
  }
}

function alreadyStarted(err: unknown): boolean {
  return err instanceof DomainError && err.code === DomainErrorCode.RunAlreadyStarted;
}
