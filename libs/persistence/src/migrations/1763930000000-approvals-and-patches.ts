import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Human approvals, runtime patches, and the revision of the graph a run executes now. */
export class ApprovalsAndPatches1763930000000 implements MigrationInterface {
  name = 'ApprovalsAndPatches1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN dag_revision integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE approvals (
        id varchar(64) PRIMARY KEY,
        run_id varchar(40) NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id varchar(64) NOT NULL,
        title varchar(200) NOT NULL,
        details text,
        approvers text[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL,
        on_timeout varchar(16) NOT NULL,
        expires_at timestamptz NOT NULL,
        decided_by varchar(128),
        comment text,
        decided_at timestamptz,
        signaled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT approvals_run_node_key UNIQUE (run_id, node_id)
      )`);
    await q.query(`CREATE INDEX approvals_status_created_idx ON approvals (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX approvals_created_idx ON approvals (created_at DESC, id DESC)`);
    // The outbox: decisions stored by the API whose signal has not reached the run yet.
    await q.query(`CREATE INDEX approvals_undelivered_idx ON approvals (decided_at) WHERE signaled_at IS NULL AND status IN ('approved', 'rejected')`);
    await q.query(`
      CREATE TABLE patches (
        id varchar(80) PRIMARY KEY,
        run_id varchar(40) NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        source varchar(16) NOT NULL,
        node_id varchar(64),
        operations jsonb NOT NULL,
        reason text,
        status varchar(16) NOT NULL,
        rejected_reason text,
        base_revision integer,
        revision integer,
        result_sha256 char(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX patches_run_created_idx ON patches (run_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE patches`);
    await q.query(`DROP TABLE approvals`);
    await q.query(`ALTER TABLE runs DROP COLUMN dag_revision`);
  }
}
