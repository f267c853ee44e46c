import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, PATCH_ID } from '@steadfast/domain';
import { PatchRepository, type PatchEntity } from '@steadfast/persistence';
import { RunQueryService } from '../runs/run-query.service';

/** Reads of a run's patches; an unknown run is a 404 before any patch is looked at. */
@Injectable()
export class PatchQueryService {
  constructor(
    private readonly runs: RunQueryService,
    private readonly patches: PatchRepository,
  ) {}

  /** The run is read within the tenant first: its patches are reached only through it. */
  async list(tenant: string, runId: string): Promise<PatchEntity[]> {
    await this.runs.get(tenant, runId);
    return this.patches.listForRun(runId);
  }

  async get(tenant: string, runId: string, patchId: string): Promise<PatchEntity> {
    await this.runs.get(tenant, runId);
    const patch = PATCH_ID.test(patchId) ? await this.patches.get(patchId) : null;
    if (!patch || patch.runId !== runId) throw new DomainError(DomainErrorCode.PatchNotFound, 'Patch not found');
    return patch;
  }
}
