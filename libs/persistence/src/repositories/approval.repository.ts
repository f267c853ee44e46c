import { type DataSource, type SelectQueryBuilder } from 'typeorm';
import type { ApprovalStatus, ApprovalTimeoutAction, ApprovalVerdict } from '@steadfast/domain';
import { APPROVAL_LABELS } from '@steadfast/domain';
import { ApprovalEntity } from '../entities/approval.entity';

export interface NewApproval {
  id: string;
  runId: string;
  nodeId: string;
  title: string;
  details: string | null;
  approvers: string[];
  onTimeout: ApprovalTimeoutAction;
  expiresAt: Date;
}

export interface ApprovalDecisionInput {
  verdict: ApprovalVerdict;
  decidedBy: string | null;
  comment: string | null;
}

/** How the workflow settles an approval: a decision it was signalled, its timer firing, or its run ending. */
export type ApprovalSettlement = { decision: ApprovalDecisionInput } | { expire: true } | { cancel: true };

export interface ApprovalListQuery {
  tenant: string;
  status?: ApprovalStatus;
  runId?: string;
  limit: number;
  /** Exclusive bound: the (created_at, id) of the previous page's last approval; lists run newest first. */
  before?: { createdAt: Date; id: string };
}

/* The run's tenant, for rows the workflow writes (it knows its run id, not necessarily its tenant). */
const RUN_TENANT_SQL = `COALESCE((SELECT r.tenant FROM runs r WHERE r.id = :runId), 'default')`;

/**
 * The approvals table. Every change is one conditional UPDATE on `status = 'pending'`, so whichever
 * decision (API, signal, timer, cancel) reaches Postgres first is the one that counts, and the others
 * read back what it was.
 */
export class ApprovalRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Idempotent: a retried activity finds the row its first attempt wrote. The approval takes its run's
   * tenant from the run row, so workflows recorded before tenants existed need not carry one.
   */
  async open(approval: NewApproval): Promise<ApprovalEntity> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ApprovalEntity)
      .values({ ...approval, tenant: () => RUN_TENANT_SQL, status: 'pending', createdAt: new Date(), updatedAt: new Date() })
      .setParameter('runId', approval.runId)
      .orIgnore()
      .execute();
    return this.dataSource.manager.findOneByOrFail(ApprovalEntity, { id: approval.id });
  }

  /** The API's decision: only while pending and not yet expired. Null when it did not count. */
  async decide(id: string, input: ApprovalDecisionInput): Promise<ApprovalEntity | null> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE approvals SET status = $2, decided_by = $3, comment = $4, decided_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending' AND expires_at > now() RETURNING id`,
      [id, APPROVAL_LABELS[input.verdict], input.decidedBy, input.comment],
    );
    return rows.length > 0 ? this.get(id) : null;
  }

  /**
   * The workflow's settlement. A decision already stored (by the API) wins over the signal, the timer
   * or a cancel: the run follows what Postgres holds. Returns the row as it stands afterwards.
   */
  async settle(id: string, settlement: ApprovalSettlement): Promise<ApprovalEntity> {
    if ('decision' in settlement) {
      const { verdict, decidedBy, comment } = settlement.decision;
      await this.dataSource.query(
        `UPDATE approvals SET status = $2, decided_by = $3, comment = $4, decided_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'pending'`,
        [id, APPROVAL_LABELS[verdict], decidedBy, comment],
      );
    } else {
      await this.dataSource.query(`UPDATE approvals SET status = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [
        id,
        'expire' in settlement ? 'expired' : 'canceled',
      ]);
    }
    // Whatever decided it, the run now knows: nothing is left for the outbox to deliver.
    await this.dataSource.query(`UPDATE approvals SET signaled_at = now() WHERE id = $1 AND signaled_at IS NULL AND status IN ('approved', 'rejected')`, [id]);
    return this.dataSource.manager.findOneByOrFail(ApprovalEntity, { id });
  }

  get(id: string): Promise<ApprovalEntity | null> {
    return this.dataSource.manager.findOneBy(ApprovalEntity, { id });
  }

  /** The approval only if it belongs to `tenant`: another tenant's is as absent as an unknown one. */
  findInTenant(tenant: string, id: string): Promise<ApprovalEntity | null> {
    return this.dataSource.manager.findOneBy(ApprovalEntity, { id, tenant });
  }

  async list(query: ApprovalListQuery): Promise<ApprovalEntity[]> {
    let qb: SelectQueryBuilder<ApprovalEntity> = this.dataSource.manager
      .createQueryBuilder(ApprovalEntity, 'a')
      .where('a.tenant = :tenant', { tenant: query.tenant });
    if (query.status) qb = qb.andWhere('a.status = :status', { status: query.status });
    if (query.runId) qb = qb.andWhere('a.run_id = :runId', { runId: query.runId });
    if (query.before) qb = qb.andWhere('(a.created_at, a.id) < (:createdAt, :id)', query.before);
    return qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(query.limit).getMany();
  }

  async markSignaled(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE approvals SET signaled_at = now() WHERE id = $1 AND signaled_at IS NULL`, [id]);
  }

  /** Decisions stored at least `graceMs` ago whose signal has not been delivered: the outbox to retry. */
  undelivered(graceMs: number, limit: number): Promise<ApprovalEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ApprovalEntity, 'a')
      .where('a.signaled_at IS NULL')
      .andWhere(`a.status IN ('approved', 'rejected')`)
      .andWhere(`a.decided_at < now() - make_interval(secs => :secs)`, { secs: graceMs / 1000 })
      .orderBy('a.decided_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
