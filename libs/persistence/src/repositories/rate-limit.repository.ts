import { type DataSource } from 'typeorm';

export interface BucketCheck {
  key: string;
  capacity: number;
  perSec: number;
}

/** The first bucket that refused, with what it holds (for Retry-After); null when every bucket let the request through. */
export type BucketRefusal = { index: number; tokens: number } | null;

/*
 * One bucket's take, as a data-modifying CTE over parameters $p (key), $p+1 (capacity), $p+2 (per second).
 * `level` is what the bucket holds now: what it held plus the refill since, capped at capacity. A take
 * spends a token only if there is one, so refused requests do not keep a bucket empty. The row lock of
 * ON CONFLICT DO UPDATE serialises takes of one key across processes; a take whose statement began
 * before the last writer's (now() earlier than refilled_at) adds no refill rather than a negative one.
 */
function takeCte(name: string, p: number, guard: string): string {
  const [key, capacity, rate] = [`$${p}::varchar`, `$${p + 1}::float8`, `$${p + 2}::float8`];
  const level = `LEAST(${capacity}, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)) * ${rate})`;
  const after = `CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END`;
  return `${name} AS (
    INSERT INTO rate_limit_buckets AS b (key, tokens, allowed, refilled_at, full_at)
    SELECT ${key}, ${capacity} - 1, true, now(), now() + make_interval(secs => 1 / ${rate}) ${guard}
    ON CONFLICT (key) DO UPDATE SET
      tokens = ${after},
      allowed = ${level} >= 1,
      refilled_at = GREATEST(now(), b.refilled_at),
      full_at = GREATEST(now(), b.refilled_at) + make_interval(secs => (${capacity} - ${after}) / ${rate})
    RETURNING allowed, tokens)`;
}

/** Token buckets in Postgres: every API process spends from the same ones. */
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes a token from each bucket in order, in ONE statement (one round trip, atomic), stopping at the
   * first that has none: a client over its own limit spends nothing from the buckets after it (the
   * global one), so it cannot drain other clients' share. Every caller locks buckets in the same order
   * (its own key first, the global bucket last), so two takes never wait on each other in a cycle.
   */
  async take(buckets: BucketCheck[]): Promise<BucketRefusal> {
    if (buckets.length === 0) return null;
    const params: unknown[] = [];
    const ctes = buckets.map((bucket, i) => {
      params.push(bucket.key, bucket.capacity, bucket.perSec);
      // A bucket after a refusal (or after a skipped one) is not touched: (SELECT allowed ...) is false or NULL.
      return takeCte(`b${i}`, params.length - 2, i === 0 ? '' : `WHERE (SELECT allowed FROM b${i - 1})`);
    });
    const select = buckets.map((_, i) => `SELECT ${i} AS i, allowed, tokens FROM b${i}`).join(' UNION ALL ');
    const rows: { i: number; allowed: boolean; tokens: number }[] = await this.dataSource.query(`WITH ${ctes.join(', ')} ${select}`, params);
    const refused = rows.sort((a, b) => a.i - b.i).find((row) => !row.allowed);
    return refused ? { index: refused.i, tokens: Number(refused.tokens) } : null;
  }

  /** Deletes buckets that have refilled: taking from an absent bucket starts it full, so nothing changes. */
  async deleteFull(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM rate_limit_buckets WHERE full_at <= now()`);
    return count;
  }
}
