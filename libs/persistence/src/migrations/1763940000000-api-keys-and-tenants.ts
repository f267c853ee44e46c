import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys, and a tenant on every record. Rows written before tenants existed belong to `default`.
 * run_events carry no tenant column: they belong to a tenant through their run, and every read of them
 * goes through a tenant-filtered read of the run first.
 */
export class ApiKeysAndTenants1763940000000 implements MigrationInterface {
  name = 'ApiKeysAndTenants1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id varchar(40) PRIMARY KEY,
        tenant varchar(63) NOT NULL,
        name varchar(128) NOT NULL,
        prefix varchar(16) NOT NULL,
        hash char(64) NOT NULL,
        scopes text[] NOT NULL,
        user_id varchar(128),
        roles text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    // Every authenticated request looks its key up by hash.
    await q.query(`CREATE UNIQUE INDEX api_keys_hash_uq ON api_keys (hash)`);
    await q.query(`CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant, id)`);

    for (const table of ['runs', 'workflow_definitions', 'agents', 'idempotency_keys', 'approvals', 'patches']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN tenant varchar(63) NOT NULL DEFAULT 'default'`);
    }
    // The run list filters by tenant, then status or tag, newest first (id order).
    await q.query(`CREATE INDEX runs_tenant_id_idx ON runs (tenant, id)`);
    await q.query(`CREATE INDEX runs_tenant_status_id_idx ON runs (tenant, status, id)`);

    // Registry names and versions are per tenant.
    for (const table of ['workflow_definitions', 'agents']) {
      await q.query(`DROP INDEX ${table}_name_version_uq`);
      await q.query(`DROP INDEX ${table}_name_sha256_uq`);
      await q.query(`CREATE UNIQUE INDEX ${table}_tenant_name_version_uq ON ${table} (tenant, name, version DESC)`);
      await q.query(`CREATE UNIQUE INDEX ${table}_tenant_name_sha256_uq ON ${table} (tenant, name, sha256)`);
    }

    // Idempotency tokens are per tenant: the same token in two tenants names two runs.
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant, token)`);

    await q.query(`DROP INDEX approvals_status_created_idx`);
    await q.query(`DROP INDEX approvals_created_idx`);
    await q.query(`CREATE INDEX approvals_tenant_status_created_idx ON approvals (tenant, status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX approvals_tenant_created_idx ON approvals (tenant, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX approvals_tenant_created_idx`);
    await q.query(`DROP INDEX approvals_tenant_status_created_idx`);
    await q.query(`CREATE INDEX approvals_status_created_idx ON approvals (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX approvals_created_idx ON approvals (created_at DESC, id DESC)`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys ADD PRIMARY KEY (token)`);
    for (const table of ['workflow_definitions', 'agents']) {
      await q.query(`DROP INDEX ${table}_tenant_name_version_uq`);
      await q.query(`DROP INDEX ${table}_tenant_name_sha256_uq`);
      await q.query(`CREATE UNIQUE INDEX ${table}_name_version_uq ON ${table} (name, version DESC)`);
      await q.query(`CREATE UNIQUE INDEX ${table}_name_sha256_uq ON ${table} (name, sha256)`);
    }
    await q.query(`DROP INDEX runs_tenant_status_id_idx`);
    await q.query(`DROP INDEX runs_tenant_id_idx`);
    for (const table of ['runs', 'workflow_definitions', 'agents', 'idempotency_keys', 'approvals', 'patches']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN tenant`);
    }
    await q.query(`DROP TABLE api_keys`);
  }
}
