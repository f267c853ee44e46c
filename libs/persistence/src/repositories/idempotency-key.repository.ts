import { type DataSource } from 'typeorm';

export class IdempotencyKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async purgeExpired(now = new Date()): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at <= $1`, [now]);
    return result[1];
  }

  async countActive(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM idempotency_keys WHERE expires_at > now()`);
    return row.count;
  }
}
