import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import type { RunEntity } from '@steadfast/persistence';
import { RunQueryService } from './run-query.service';
import { RunStarter } from './run-starter';

/** POST /api/runs/:id/start. */
@Injectable()
export class StartRunUseCase {
  constructor(
    private readonly query: RunQueryService,
    private readonly starter: RunStarter,
  ) {}

  async execute(tenant: string, id: string): Promise<RunEntity> {
    const run = await this.query.get(tenant, id);
    assertStartable(run);
    const started = await this.starter.start({ run });
    // A racing start or cancel got there first: answer as if this request had come second.
    if (started.outcome === 'unchanged') assertStartable(started.run ?? run);
    return started.run as RunEntity;
  }
}

function assertStartable(run: RunEntity): void {
  if (run.status === 'canceled') throw new DomainError(DomainErrorCode.RunAlreadyCanceled, 'Run already canceled');
  if (run.status === 'queued')
    throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started', ['the run is queued: it starts when its tenant has a free slot']);
  if (run.status !== 'created') throw new DomainError(DomainErrorCode.RunAlreadyStarted, 'Run already started');
}
