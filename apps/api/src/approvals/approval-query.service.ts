import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { ApprovalRepository, type ApprovalEntity } from '@steadfast/persistence';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { ListApprovalsQuery } from './dto/list-approvals.query';

/** The workflow names approvals `apr-<uuid>`; anything else is never found, as for run ids. */
const APPROVAL_ID = /^apr-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A page ends at (created_at, id); created_at is stored with millisecond precision, so the ISO form is exact. */
const CURSOR_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) (apr-\S+)$/;

/** Reads of approvals: one by id, or the inbox, newest first (keyset pagination). */
@Injectable()
export class ApprovalQueryService {
  constructor(private readonly approvals: ApprovalRepository) {}

  /** Another tenant's approval is a 404 like an unknown one: its existence is not revealed. */
  async get(tenant: string, id: string): Promise<ApprovalEntity> {
    const approval = isApprovalId(id) ? await this.approvals.findInTenant(tenant, id) : null;
    if (!approval) throw new DomainError(DomainErrorCode.ApprovalNotFound, 'Approval not found');
    return approval;
  }

  async list(tenant: string, query: ListApprovalsQuery): Promise<{ approvals: ApprovalEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const before = query.cursor === undefined ? undefined : decodeApprovalCursor(query.cursor);
    // One extra row tells whether another page exists without a count query.
    const rows = await this.approvals.list({ tenant, status: query.status, runId: query.run_id, limit: limit + 1, before });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { approvals: page, nextCursor: rows.length > limit ? encodeApprovalCursor(last) : null };
  }
}

export function isApprovalId(id: string): boolean {
  return APPROVAL_ID.test(id);
}

export function encodeApprovalCursor(last: Pick<ApprovalEntity, 'createdAt' | 'id'>): string {
  return encodeKeysetCursor('before', `${new Date(last.createdAt).toISOString()} ${last.id}`);
}

export function decodeApprovalCursor(cursor: string): { createdAt: Date; id: string } {
  const key = decodeKeysetCursor(cursor, 'before', (k) => {
    const match = CURSOR_KEY.exec(k);
    return match !== null && !Number.isNaN(Date.parse(match[1])) && isApprovalId(match[2]);
  });
  const [, at, id] = CURSOR_KEY.exec(key) as RegExpExecArray;
  return { createdAt: new Date(at), id };
}
