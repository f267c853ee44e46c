import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, hasScope, isListedApprover, type Principal } from '@steadfast/domain';
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

  async execute(caller: Principal, id: string, dto: DecideApprovalDto): Promise<ApprovalEntity> {
    const current = await this.query.get(caller.tenant, id);
    // With authentication disabled there is no key, so nobody to check (keyId null).
    if (caller.keyId !== null && !isListedApprover(current.approvers ?? [], caller)) {
      throw new DomainError(DomainErrorCode.Forbidden, 'Forbidden: this API key is not an approver of this approval', [
        `approvers are ${current.approvers.join(', ')}; the key acts for ${caller.user ?? 'no user'}${caller.roles.length > 0 ? ` with roles ${caller.roles.join(', ')}` : ''}`,
      ]);
    }
    const decidedBy = deciderOf(caller, dto.decided_by);
    const decided = await this.approvals.decide(current.id, { verdict: dto.decision, decidedBy, comment: dto.comment ?? null });
    // Refused: read back what counted instead. A pending row here is one whose expiry Postgres saw first.
    if (!decided) throw refusal((await this.approvals.get(id)) ?? current);
    await this.signaler.deliver(decided);
    return decided;
  }
}

/**
 * Who the decision is recorded as: the key's user. A key acting for no user (or none at all, with
 * authentication disabled) must say who decided; only an admin key may record someone other than itself.
 */
export function deciderOf(caller: Principal, decidedBy: string | undefined): string {
  if (decidedBy === undefined) {
    if (caller.user !== null) return caller.user;
    throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', ['decided_by is required']);
  }
  if (caller.user === null || decidedBy === caller.user || hasScope(caller, 'admin')) return decidedBy;
  throw new DomainError(DomainErrorCode.Forbidden, "Forbidden: decided_by must be the API key's own user", [
    `the key acts for ${caller.user}; only an admin key may record a decision for someone else`,
  ]);
}

/** Why a decision did not count, from the row as it stands after the refused UPDATE. */
export function refusal(approval: Pick<ApprovalEntity, 'id' | 'status' | 'expiresAt' | 'decidedBy' | 'decidedAt'>): DomainError {
  if (approval.status === 'expired' || approval.status === 'pending') {
    const expiresAt = new Date(approval.expiresAt).toISOString();
    return new DomainError(DomainErrorCode.ApprovalExpired, 'Approval expired', [`approval ${approval.id} expired at ${expiresAt}`]);
  }
  const by = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
  const at = approval.decidedAt ? ` at ${new Date(approval.decidedAt).toISOString()}` : '';
  const what =
    approval.status === 'canceled' ? `approval ${approval.id} was canceled: its run ended` : `approval ${approval.id} was ${approval.status}${by}${at}`;
  return new DomainError(DomainErrorCode.ApprovalAlreadyDecided, `Approval already ${approval.status}`, [what]);
}
