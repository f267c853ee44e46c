import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763870000000 implements MigrationInterface {
  name = 'InitialSchema1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE runs (
        id varchar(40) PRIMARY KEY,
        name varchar(128) NOT NULL,
        status varchar(32) NOT NULL,
        input jsonb,
        output jsonb,
        error text,
        tags text[] NOT NULL DEFAULT '{}',
        client_token varchar(128),
        dag jsonb NOT NULL,
        temporal_run_id varchar(64),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        canceled_at timestamptz
      )`);
    await q.query(`CREATE INDEX runs_status_id_idx ON runs (status, id)`);
    await q.query(`CREATE INDEX runs_tags_gin_idx ON runs USING gin (tags)`);
    await q.query(`
      CREATE TABLE run_events (
        run_id varchar(40) NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        type varchar(40) NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        token varchar(128) PRIMARY KEY,
        request_hash char(64) NOT NULL,
        run_id varchar(40) NOT NULL REFERENCES runs(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE run_events`);
    await q.query(`DROP TABLE runs`);
  }
}
