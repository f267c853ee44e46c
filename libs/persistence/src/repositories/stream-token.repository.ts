import { type DataSource } from 'typeorm';
import { hashStreamToken, mintStreamToken } from '../api-keys/stream-token-secret';

export interface NewStreamToken {
  runId: string;
  tenant: string;
  /** The key that asked for the token; null with authentication disabled. */
  keyId: string | null;
  ttlSeconds: number;
}

/** A stored token as a request presents it, with what its key is now. */
export interface PresentedStreamToken {
  runId: string;
  tenant: string;
  /** Judged by Postgres's clock, so API processes whose clocks differ agree. */
  expired: boolean;
  key: { id: string; revoked: boolean; user: string | null; roles: string[] } | null;
}

interface PresentedRow {
  run_id: string;
  tenant: string;
  expired: boolean;
  key_id: string | null;
  revoked: boolean | null;
  user_id: string | null;
  roles: string[] | null;
}

/* Enough to keep up with any issuing rate while one insert stays one short statement. */
const PURGE_BATCH = 500;

export class StreamTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a new token's hash and returns the token, the only time it exists outside the caller. The
   * same statement deletes expired tokens: issuing is the only way rows are added, so the table never
   * holds more than the last hour's tokens and a batch, and no clean-up job is needed.
   */
  async issue(input: NewStreamToken): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = mintStreamToken();
    const rows: { expires_at: Date }[] = await this.dataSource.query(
      `WITH purged AS (
         DELETE FROM stream_tokens WHERE hash IN (SELECT hash FROM stream_tokens WHERE expires_at <= now() LIMIT ${PURGE_BATCH})
       )
       INSERT INTO stream_tokens (hash, run_id, tenant, key_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, now(), now() + make_interval(secs => $5::float8))
       RETURNING expires_at`,
      [hash, input.runId, input.tenant, input.keyId, input.ttlSeconds],
    );
    return { token, expiresAt: new Date(rows[0].expires_at) };
  }

  /** The token and its key's state now, read in one indexed lookup on every use; null for an unknown token. */
  async findPresented(token: string): Promise<PresentedStreamToken | null> {
    const rows: PresentedRow[] = await this.dataSource.query(
      `SELECT t.run_id, t.tenant, t.expires_at <= now() AS expired,
              k.id AS key_id, k.revoked_at IS NOT NULL AS revoked, k.user_id, k.roles
         FROM stream_tokens t LEFT JOIN api_keys k ON k.id = t.key_id
        WHERE t.hash = $1`,
      [hashStreamToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    const key = row.key_id === null ? null : { id: row.key_id, revoked: row.revoked === true, user: row.user_id, roles: row.roles ?? [] };
    return { runId: row.run_id, tenant: row.tenant, expired: row.expired, key };
  }
}
