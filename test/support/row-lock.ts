import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { eventually } from './eventually';

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Holds a lock in a transaction of its own, the way a slow competing writer would: a test uses it to
 * stop a statement of the worker or the API at a chosen point and to let it go on when it wants.
 */
export async function holdLock(databaseUrl: string, sql: string, params: unknown[] = []): Promise<HeldLock> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(sql, params);
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Resolves once some other session waits on a lock while running a statement that contains `fragment`. */
export async function waitForLockWait(db: DataSource, fragment: string, timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const [row]: { waiting: number }[] = await db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
        [fragment],
      );
      if (row.waiting === 0) throw new Error('no such statement waits');
    },
    { timeoutMs, intervalMs: 20, message: `a statement containing "${fragment}" to wait on a lock` },
  );
}
