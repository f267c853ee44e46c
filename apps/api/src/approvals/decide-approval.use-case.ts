import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { ApprovalRepository, type ApprovalEntity } from '@steadfast/persistence';
import { ApprovalQueryService } from './approval-query.service';
import { ApprovalSignaler } from './approval-signaler';
import type { DecideApprovalDto } from './dto/decide-approval.dto';

/**
 * POST /api/approvals/:id/decide. The decision is stored first (a conditional UPDATE, so exactly one
 * decision counts, and none after `expires_at`), then signalled to the run. A signal that cannot be sent
 * now is left to the outbox: the answer is still 200, because the decision is already what the run follows.
 */
@Injectable()
export class DecideApprovalUseCase {
  constructor(
    private readonly approvals: ApprovalRepository,
    private readonly query: ApprovalQueryService,
    private readonly signaler: ApprovalSignaler,
  ) {}

  async execute(id: string, dto: DecideApprovalDto): Promise<ApprovalEntity> {
    const current = await this.query.get(id);
    const decided = await this.approvals.decide(current.id, { verdict: dto.decision, decidedBy: dto.decided_by, comment: dto.comment ?? null });
    // Refused: read back what counted instead. A pending row here is one whose expiry Postgres saw first.
    if (!decided) throw refusal((await this.approvals.get(id)) ?? current);
    await this.signaler.deliver(decided);
    return decided;
  }
}

/** Why a decision did not count, from the row as it stands after the refused UPDATE. */
export function refusal(approval: Pick<ApprovalEntity, 'id' | 'status' | 'expiresAt' | 'decidedBy' | 'decidedAt'>): DomainError {
  if (approval.status === 'expired' || approval.status === 'pending') {
    const expiresAt = new Date(approval.expiresAt).toISOString();
    return new DomainError(DomainErrorCode.ApprovalExpired, 'Approval expired', [`approval ${approval.id} expired at ${expiresAt}`]);
  }
  const by = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
  const at = approval.decidedAt ? ` at ${new Date(approval.decidedAt).toISOString()}` : '';
  const what = approval.status === 'canceled' ? `approval ${approval.id} was canceled: its run ended` : `approval ${approval.id} was ${approval.status}${by}${at}`;
  return new DomainError(DomainErrorCode.ApprovalAlreadyDecided, `Approval already ${approval.status}`, [what]);
}
