import type { PatchSource, PatchStatus } from '@steadfast/domain';
import type { PatchEntity } from '@steadfast/persistence';
import { isoOrNull } from '../common/iso-date';

export interface PatchJson {
  id: string;
  run_id: string;
  status: PatchStatus;
  source: PatchSource;
  node_id: string | null;
  operations: unknown[];
  reason: string | null;
  rejected_reason: string | null;
  base_revision: number | null;
  revision: number | null;
  result_sha256: string | null;
  created_at: string;
  decided_at: string | null;
}

/** Entity -> the patch JSON of the API contract. */
export function presentPatch(patch: PatchEntity): PatchJson {
  return {
    id: patch.id,
    run_id: patch.runId,
    status: patch.status,
    source: patch.source,
    node_id: patch.nodeId,
    operations: patch.operations,
    reason: patch.reason,
    rejected_reason: patch.rejectedReason,
    base_revision: patch.baseRevision,
    revision: patch.revision,
    result_sha256: patch.resultSha256,
    created_at: isoOrNull(patch.createdAt) as string,
    decided_at: isoOrNull(patch.decidedAt),
  };
}
