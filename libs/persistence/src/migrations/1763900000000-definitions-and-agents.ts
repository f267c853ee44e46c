import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Versioned, content-addressed workflow definitions and agents, and what each run records it ran. */
export class DefinitionsAndAgents1763900000000 implements MigrationInterface {
  name = 'DefinitionsAndAgents1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_definitions (
        id bigserial PRIMARY KEY,
        name varchar(64) NOT NULL,
        version integer NOT NULL,
        sha256 char(64) NOT NULL,
        description text,
        definition jsonb NOT NULL,
        input_schema jsonb,
        created_at timestamptz NOT NULL
      )`);
    // Descending version: "latest of a name" and "latest of every name" (DISTINCT ON) read the index in order.
    await q.query(`CREATE UNIQUE INDEX workflow_definitions_name_version_uq ON workflow_definitions (name, version DESC)`);
    await q.query(`CREATE UNIQUE INDEX workflow_definitions_name_sha256_uq ON workflow_definitions (name, sha256)`);
    await q.query(`
      CREATE TABLE agents (
        id bigserial PRIMARY KEY,
        name varchar(64) NOT NULL,
        version integer NOT NULL,
        sha256 char(64) NOT NULL,
        description text,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX agents_name_version_uq ON agents (name, version DESC)`);
    await q.query(`CREATE UNIQUE INDEX agents_name_sha256_uq ON agents (name, sha256)`);
    await q.query(`
      ALTER TABLE runs
        ADD COLUMN workflow_name varchar(64),
        ADD COLUMN workflow_version integer,
        ADD COLUMN workflow_sha256 char(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs DROP COLUMN workflow_sha256, DROP COLUMN workflow_version, DROP COLUMN workflow_name`);
    await q.query(`DROP TABLE agents`);
    await q.query(`DROP TABLE workflow_definitions`);
  }
}
