import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stream tokens: a browser's short-lived credential for one run's event stream (ADR 0020). */
export class StreamTokens1763960000000 implements MigrationInterface {
  name = 'StreamTokens1763960000000';

  async up(q: QueryRunner): Promise<void> {
    // The key is referenced so a token is read with its key's revoked state; keys are revoked, never deleted.
    await q.query(`
      CREATE TABLE stream_tokens (
        hash char(64) PRIMARY KEY,
        run_id varchar(40) NOT NULL,
        tenant varchar(63) NOT NULL,
        key_id varchar(40) REFERENCES api_keys (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    // Issuing a token deletes the expired ones.
    await q.query(`CREATE INDEX stream_tokens_expires_idx ON stream_tokens (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stream_tokens`);
  }
}
