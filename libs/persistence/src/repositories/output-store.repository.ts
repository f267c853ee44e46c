import { type DataSource } from 'typeorm';
import type { ContentAddress } from '../content-address';

export type OutputPathStep = string | number;

export type OutputSelection = { found: true; value: unknown } | { found: false };

/**
 * The content-addressed store of large node outputs. Rows are immutable: the same content always has
 * the same key, so writing it again is a no-op and readers never see a change.
 */
export class OutputStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  async put({ sha256, json, sizeBytes }: ContentAddress): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO node_outputs (sha256, content, size_bytes, created_at) VALUES ($1, $2::jsonb, $3, now()) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, json, sizeBytes],
    );
  }

  /** Contents by sha256; shas not stored are absent from the map. */
  async getMany(shas: string[]): Promise<Map<string, unknown>> {
    if (shas.length === 0) return new Map();
    const rows: { sha256: string; content: unknown }[] = await this.dataSource.query(
      `SELECT sha256, content FROM node_outputs WHERE sha256 = ANY($1::char(64)[])`,
      [shas],
    );
    return new Map(rows.map((row) => [row.sha256, row.content]));
  }

  /**
   * The value at a path inside a stored output, selected in Postgres so only that part travels. Undefined
   * when the output itself is not stored.
   */
  async select(sha256: string, path: OutputPathStep[]): Promise<OutputSelection | undefined> {
    const rows: { value: unknown; found: boolean }[] = await this.dataSource.query(
      `SELECT content #> $2::text[] AS value, (content #> $2::text[]) IS NOT NULL AS found FROM node_outputs WHERE sha256 = $1`,
      [sha256, path.map(String)],
    );
    if (rows.length === 0) return undefined;
    return rows[0].found ? { found: true, value: rows[0].value } : { found: false };
  }
}
