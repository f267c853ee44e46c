import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A short-lived token that lets a browser read one run's events without sending its API key (an
 * EventSource cannot set headers). Only its sha256 is stored; it acts for the key that asked for it.
 */
@Entity('stream_tokens')
export class StreamTokenEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  hash: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId: string;

  @Column({ type: 'varchar', length: 63 })
  tenant: string;

  /** Null only for a token issued with authentication disabled, which no API with it on accepts. */
  @Column({ name: 'key_id', type: 'varchar', length: 40, nullable: true })
  keyId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('stream_tokens_expires_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
