import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Dag, RunStatus, TokenUsage } from '@steadfast/domain';

@Entity('runs')
@Index('runs_status_id_idx', ['status', 'id'])
export class RunEntity {
  /** `run-<ULID>`: sortable by creation time, so keyset pagination can order by id alone. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  /** The tenant the record belongs to; every read filters by the caller's. */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  tenant: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  status: RunStatus;

  @Column({ type: 'jsonb', nullable: true })
  input: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output: unknown;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Index('runs_tags_gin_idx', { synchronize: false })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'client_token', type: 'varchar', length: 128, nullable: true })
  clientToken: string | null;

  /** The graph the run executes: as created, then as runtime patches left it. */
  @Column({ type: 'jsonb' })
  dag: Dag;

  /** How many patches the graph has had applied (0: as created). */
  @Column({ name: 'dag_revision', type: 'integer', default: 0 })
  dagRevision: number;

  /** The stored definition the run was created from (null for an inline or the default DAG). */
  @Column({ name: 'workflow_name', type: 'varchar', length: 64, nullable: true })
  workflowName: string | null;

  @Column({ name: 'workflow_version', type: 'integer', nullable: true })
  workflowVersion: number | null;

  /** sha256 of the definition as named or sent inline (before agent resolution); null for the default DAG. */
  @Column({ name: 'workflow_sha256', type: 'char', length: 64, nullable: true })
  workflowSha256: string | null;

  @Column({ name: 'temporal_run_id', type: 'varchar', length: 64, nullable: true })
  temporalRunId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt: Date | null;

  /** Tokens the run's agent nodes used, summed; null for a run whose nodes called no model. */
  @Column({ type: 'jsonb', nullable: true })
  usage: TokenUsage | null;
}
