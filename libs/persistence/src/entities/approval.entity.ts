import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApprovalStatus, ApprovalTimeoutAction } from '@steadfast/domain';

/** One approval node's request for a human decision. Postgres decides which decision counts (the first). */
@Entity('approvals')
export class ApprovalEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The tenant the record belongs to; its run's. */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  tenant: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ type: 'text', array: true })
  approvers: string[];

  @Column({ type: 'varchar', length: 16 })
  status: ApprovalStatus;

  @Column({ name: 'on_timeout', type: 'varchar', length: 16 })
  onTimeout: ApprovalTimeoutAction;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 128, nullable: true })
  decidedBy: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** When the run was told of the decision; null on a decision still to deliver (the API's outbox). */
  @Column({ name: 'signaled_at', type: 'timestamptz', nullable: true })
  signaledAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
