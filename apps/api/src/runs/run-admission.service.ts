import { Injectable } from '@nestjs/common';
import { RunQueueRepository, type Admission, type RunEntity } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { RunQueueDispatcher } from './run-queue.dispatcher';

/**
 * Every start of a run under MAX_RUNNING_RUNS_PER_TENANT comes through here: the run starts if its tenant
 * has a free slot and no run queued ahead of it, otherwise it waits as `queued` for the dispatcher.
 */
@Injectable()
export class RunAdmission {
  constructor(
    private readonly queue: RunQueueRepository,
    private readonly dispatcher: RunQueueDispatcher,
    private readonly config: ApiConfig,
  ) {}

  get capped(): boolean {
    return this.config.values.runQueue.maxRunningPerTenant > 0;
  }

  async admit(run: RunEntity): Promise<Admission> {
    const admission = await this.queue.admit(run.id, this.config.values.runQueue.maxRunningPerTenant, this.dispatcher.start);
    // Queued behind others while a slot is free (the dispatcher has not caught up yet): catch up now.
    if (admission.outcome === 'queued') this.dispatcher.poke();
    return admission;
  }
}
