import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PatchSource, PatchStatus } from '@steadfast/domain';

/** Every patch proposed to a run, applied or not, with why it was refused and what it produced. */
@Entity('patches')
export class PatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  /** The tenant the record belongs to; its run's. */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  tenant: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId: string;

  @Column({ type: 'varchar', length: 16 })
  source: PatchSource;

  /** The agent node that proposed it. */
  @Column({ name: 'node_id', type: 'varchar', length: 64, nullable: true })
  nodeId: string | null;

  @Column({ type: 'jsonb' })
  operations: unknown[];

  /** Why the proposer wants it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: PatchStatus;

  @Column({ name: 'rejected_reason', type: 'text', nullable: true })
  rejectedReason: string | null;

  /** The revision the API validated the patch against (null for patches that did not come through the API). */
  @Column({ name: 'base_revision', type: 'integer', nullable: true })
  baseRevision: number | null;

  /** The run's graph revision this patch produced. */
  @Column({ type: 'integer', nullable: true })
  revision: number | null;

  /** sha256 of the resulting graph's canonical JSON. */
  @Column({ name: 'result_sha256', type: 'char', length: 64, nullable: true })
  resultSha256: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
