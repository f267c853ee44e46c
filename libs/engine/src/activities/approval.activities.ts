import type { ApprovalStatus } from '@steadfast/domain';
import type { ApprovalDecisionInput, ApprovalEntity, ApprovalRepository, ApprovalSettlement, NewApproval } from '@steadfast/persistence';

export type { ApprovalDecisionInput, ApprovalSettlement };

/** The row to open, as the workflow sends it: its id chosen by the workflow, its expiry as ISO text. */
export type OpenApprovalArgs = Omit<NewApproval, 'id' | 'expiresAt'> & {
  approvalId: string;
  /** Workflow time plus the node's timeout: the same instant the workflow's timer fires. */
  expiresAt: string;
};

/** An approval as the workflow needs it back: what Postgres holds after the write. */
export interface ApprovalRecord {
  id: string;
  status: ApprovalStatus;
  decided_by: string | null;
  comment: string | null;
  decided_at: string | null;
}

export interface ApprovalDeps {
  approvals: Pick<ApprovalRepository, 'open' | 'settle'>;
}

const record = (row: ApprovalEntity): ApprovalRecord => ({
  id: row.id,
  status: row.status,
  decided_by: row.decidedBy,
  comment: row.comment,
  decided_at: row.decidedAt?.toISOString() ?? null,
});

/** The approval node's bookkeeping in Postgres: open the request, then settle it however it ends. */
export function createApprovalActivities({ approvals }: ApprovalDeps) {
  return {
    async openApproval(args: OpenApprovalArgs): Promise<ApprovalRecord> {
      const { approvalId, expiresAt, ...rest } = args;
      return record(await approvals.open({ ...rest, id: approvalId, expiresAt: new Date(expiresAt) }));
    },
    async settleApproval(args: { approvalId: string; settlement: ApprovalSettlement }): Promise<ApprovalRecord> {
      return record(await approvals.settle(args.approvalId, args.settlement));
    },
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
