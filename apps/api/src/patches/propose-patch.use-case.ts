import { Injectable } from '@nestjs/common';
import { monotonicFactory } from 'ulid';
import { checkRunPatch, DomainError, DomainErrorCode, isActiveStatus, type RunStatus } from '@steadfast/domain';
import { PatchRepository, type PatchEntity } from '@steadfast/persistence';
import { applyPatchSignal } from '@steadfast/engine';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';
import { RunQueryService } from '../runs/run-query.service';
import type { ProposePatchDto } from './dto/propose-patch.dto';
import { RunDefinitionReader } from './run-definition.reader';

const ulid = monotonicFactory();

function notActive(status: RunStatus): DomainError {
  const why = status === 'created' ? 'it has not been started' : `it is ${status}`;
  return new DomainError(DomainErrorCode.RunNotActive, `Run is not active: ${why}; only a running run (or one waiting for approval) can be patched`);
}

/**
 * POST /api/runs/:id/patches. The patch is checked against the graph the workflow holds now, recorded
 * `pending`, then signalled; the workflow checks it again on arrival (the run may have moved on) and
 * writes the outcome into the same row.
 */
@Injectable()
export class ProposePatchUseCase {
  constructor(
    private readonly query: RunQueryService,
    private readonly definitions: RunDefinitionReader,
    private readonly patches: PatchRepository,
    private readonly workflows: RunWorkflowGateway,
  ) {}

  async execute(tenant: string, runId: string, dto: ProposePatchDto): Promise<PatchEntity> {
    const run = await this.query.get(tenant, runId);
    if (!isActiveStatus(run.status)) throw notActive(run.status);
    const state = await this.definitions.current(runId);
    const check = checkRunPatch(state, dto.operations);
    if (check.errors.length > 0) throw new DomainError(DomainErrorCode.PatchRejected, 'Patch rejected', check.errors);

    const id = `patch-${ulid()}`;
    const reason = dto.reason ?? null;
    await this.patches.propose({ id, runId, source: 'api', nodeId: null, operations: dto.operations, reason, baseRevision: state.revision });
    // Read before signalling: the answer is the proposal, whatever the workflow makes of it a moment later.
    const proposed = (await this.patches.get(id)) as PatchEntity;
    try {
      await this.workflows.signal(runId, applyPatchSignal, { patch_id: id, operations: dto.operations, ...(reason !== null ? { reason } : {}), source: 'api' });
    } catch (err) {
      await this.patches.reject(id, `not delivered to the run: ${(err as Error).message}`);
      throw err;
    }
    return proposed;
  }
}
