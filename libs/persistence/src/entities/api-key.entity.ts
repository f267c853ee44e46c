import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key: only its sha256 is stored; the key itself was shown once, to whoever created it. */
@Entity('api_keys')
export class ApiKeyEntity {
  /** `key_<ULID>`. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'varchar', length: 63 })
  tenant: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** The key's first characters (`sk_` + 8), so people can tell their keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  @Column({ type: 'char', length: 64, select: false })
  hash: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  /** The user the key acts for: what approvals check and record as `decided_by`. */
  @Column({ name: 'user_id', type: 'varchar', length: 128, nullable: true })
  user: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
