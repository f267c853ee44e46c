import type { ApprovalEntity } from '@steadfast/persistence';
import { isoOrNull } from '../common/iso-date';

export interface ApprovalJson {
  id: string;
  run_id: string;
  node_id: string;
  title: string;
  details: string | null;
  /** Who may decide: user ids, or `role:<name>` entries; checked against the deciding key. */
  approvers: string[];
  status: string;
  on_timeout: string;
  expires_at: string;
  decided_by: string | null;
  comment: string | null;
  decided_at: string | null;
  created_at: string;
}

/** Entity -> the approval JSON of the API contract. */
export function presentApproval(approval: ApprovalEntity): ApprovalJson {
  return {
    id: approval.id,
    run_id: approval.runId,
    node_id: approval.nodeId,
    title: approval.title,
    details: approval.details ?? null,
    approvers: approval.approvers ?? [],
    status: approval.status,
    on_timeout: approval.onTimeout,
    expires_at: isoOrNull(approval.expiresAt) as string,
    decided_by: approval.decidedBy ?? null,
    comment: approval.comment ?? null,
    decided_at: isoOrNull(approval.decidedAt),
    created_at: isoOrNull(approval.createdAt) as string,
  };
}
