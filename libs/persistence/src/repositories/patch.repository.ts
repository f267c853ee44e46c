import { type DataSource } from 'typeorm';
import type { PatchSource } from '@steadfast/domain';
import { PatchEntity } from '../entities/patch.entity';

export interface ProposedPatch {
  id: string;
  runId: string;
  source: PatchSource;
  nodeId: string | null;
  operations: unknown[];
  reason: string | null;
  baseRevision: number | null;
}

/**
 * The patches table as the API sees it: a proposal is written `pending` before it is signalled. The
 * outcome (applied or rejected) is written by the run's workflow, with its events (RunSyncRepository),
 * and whichever write comes first, the row ends up with the outcome.
 */
export class PatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async propose(patch: ProposedPatch): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO patches (id, tenant, run_id, source, node_id, operations, reason, status, base_revision, created_at)
       SELECT $1, r.tenant, $2::varchar, $3, $4, $5::jsonb, $6, 'pending', $7, now() FROM runs r WHERE r.id = $2::varchar
       ON CONFLICT (id) DO NOTHING`,
      [patch.id, patch.runId, patch.source, patch.nodeId, JSON.stringify(patch.operations), patch.reason, patch.baseRevision],
    );
  }

  /** A proposal that never reached the run (it ended, or Temporal refused the signal). */
  async reject(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE patches SET status = 'rejected', rejected_reason = $2, decided_at = now() WHERE id = $1 AND status = 'pending'`, [
      id,
      reason,
    ]);
  }

  get(id: string): Promise<PatchEntity | null> {
    return this.dataSource.manager.findOneBy(PatchEntity, { id });
  }

  listForRun(runId: string): Promise<PatchEntity[]> {
    return this.dataSource.manager.find(PatchEntity, { where: { runId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
