import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RunEvent } from '@steadfast/domain';

/**
 * The durable event log: (run_id, seq) is the key, so a replayed batch inserts nothing twice. Events have
 * no tenant of their own: they belong to their run's, and are only read after a tenant-filtered run read.
 */
@Entity('run_events')
export class RunEventEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 40 })
  runId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'jsonb' })
  event: RunEvent;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
