import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns every versioned, content-addressed registry shares (workflow definitions, agents): rows are
 * immutable; (name, version) and (name, sha256) are each unique.
 */
export abstract class VersionedArtifact {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

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
