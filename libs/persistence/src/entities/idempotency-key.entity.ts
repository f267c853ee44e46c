import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  /** Tokens are per tenant: the same token in two tenants names two runs. */
  @PrimaryColumn({ type: 'varchar', length: 63 })
  tenant: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  token: string;

  /** sha256 of the canonical request body: the same token with another body is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('idempotency_keys_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
