import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every versioned, content-addressed registry shares (workflow definitions, agents): rows are
 * immutable; (tenant, name, version) and (tenant, name, sha256) are each unique.
 */
export abstract class VersionedArtifact {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The tenant the record belongs to; names and versions are per tenant, every read filters by the caller's. */
  @Column({ type: 'varchar', length: 63, default: 'default' })
  tenant: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'integer' })
  version: number;

  /** sha256 of the canonical JSON of everything but the name. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
