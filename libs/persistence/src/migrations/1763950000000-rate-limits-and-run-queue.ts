import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit buckets shared by every API process, and the per-tenant queue of started runs. */
export class RateLimitsAndRunQueue1763950000000 implements MigrationInterface {
  name = 'RateLimitsAndRunQueue1763950000000';

  async up(q: QueryRunner): Promise<void> {
    /*
     * UNLOGGED: no WAL for a row rewritten on every request; after a crash the table comes back empty,
     * which only means every bucket starts full. fillfactor leaves room on each page so the updates
     * stay HOT (no index to touch) instead of spreading dead rows.
     */
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_buckets (
        key varchar(200) PRIMARY KEY,
        tokens double precision NOT NULL,
        allowed boolean NOT NULL,
        refilled_at timestamptz NOT NULL,
        full_at timestamptz NOT NULL
      ) WITH (fillfactor = 70)`);
    // The authentication migration adds the same column; whichever runs first creates it.
    await q.query(`ALTER TABLE runs ADD COLUMN IF NOT EXISTS tenant varchar(64) NOT NULL DEFAULT 'default'`);
    await q.query(`ALTER TABLE runs ADD COLUMN queued_at timestamptz`);
    await q.query(`CREATE INDEX runs_queued_idx ON runs (tenant, queued_at, id) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX runs_tenant_active_idx ON runs (tenant) WHERE status IN ('running', 'waiting_for_approval', 'canceling')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX runs_tenant_active_idx`);
    await q.query(`DROP INDEX runs_queued_idx`);
    await q.query(`ALTER TABLE runs DROP COLUMN queued_at`);
    await q.query(`DROP TABLE rate_limit_buckets`);
  }
}
