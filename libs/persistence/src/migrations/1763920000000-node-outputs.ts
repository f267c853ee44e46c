import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Large node outputs, stored once per content: the key is the sha256 of their canonical JSON. */
export class NodeOutputs1763920000000 implements MigrationInterface {
  name = 'NodeOutputs1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE node_outputs (
        sha256 char(64) PRIMARY KEY,
        content jsonb NOT NULL,
        size_bytes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE node_outputs`);
  }
}
