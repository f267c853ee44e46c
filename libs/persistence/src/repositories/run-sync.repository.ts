import { DataSource } from 'typeorm';
import type { Dag, RunEvent, RunStatus } from '@steadfast/domain';
import type { RunFieldsUpdate } from './run.repository';
import { eventsParam, INSERT_EVENTS_SQL, setClauses } from './run-write-sql';

/** What a workflow knows of its run, enough to write the record itself if the API has not yet. */
export interface RunSeed {
  name: string;
  input: unknown;
  tags: string[];
  dag: Dag;
}

export interface RunSyncInput {
  runId: string;
  events: RunEvent[];
  update?: RunFieldsUpdate;
  /** Take the run over only while it is created (or already running under this workflow). */
  claim?: { temporalRunId: string; startedAt: Date; seed: RunSeed };
}

/**
 * The workflow's durable write path. Every batch is a single SQL statement (data-modifying CTEs), so it
 * is atomic without BEGIN/COMMIT round trips: one round trip per batch, however many events it carries.
 */
export class RunSyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  async apply(input: RunSyncInput): Promise<{ status: RunStatus | undefined; claimed: boolean }> {
    const events = eventsParam(input.events);
    return input.claim ? this.claim(input.runId, events, input.claim) : this.sync(input.runId, events, input.update);
  }

  /**
   * Marks the run running, or writes its record when the workflow got there before the API's insert (the
   * API inserts and starts in parallel). A run already cancelled or finished is left alone, and then the
   * batch's events are not written either.
   */
  private async claim(runId: string, events: string, claim: NonNullable<RunSyncInput['claim']>) {
    const { seed, startedAt, temporalRunId } = claim;
    const [row] = await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO runs (id, name, status, input, tags, dag, temporal_run_id, created_at, updated_at, started_at)
         VALUES ($1, $3, 'running', $4::jsonb, $5, $6::jsonb, $7, $8, $8, $8)
         ON CONFLICT (id) DO UPDATE
           SET status = 'running', temporal_run_id = EXCLUDED.temporal_run_id, updated_at = EXCLUDED.updated_at,
               started_at = COALESCE(runs.started_at, EXCLUDED.started_at)
           WHERE runs.status IN ('created', 'running')
         RETURNING id
       ), inserted AS (${INSERT_EVENTS_SQL} AND EXISTS (SELECT 1 FROM claimed) ON CONFLICT (run_id, seq) DO NOTHING)
       SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, (SELECT status FROM runs WHERE id = $1) AS previous`,
      [runId, events, seed.name, JSON.stringify(seed.input ?? null), seed.tags, JSON.stringify(seed.dag), temporalRunId, startedAt],
    );
    return row.claimed ? { status: 'running' as RunStatus, claimed: true } : { status: row.previous as RunStatus | undefined, claimed: false };
  }

  /** Events plus the run's changed fields; the workflow owns a claimed run, so the update is unconditional. */
  private async sync(runId: string, events: string, update: RunFieldsUpdate = {}) {
    const params: unknown[] = [runId, events];
    const sets = setClauses(update, params);
    if (sets.length === 0) {
      await this.dataSource.query(`${INSERT_EVENTS_SQL} ON CONFLICT (run_id, seq) DO NOTHING`, params);
      return { status: undefined, claimed: true };
    }
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ status: RunStatus }[], number] = await this.dataSource.query(
      `WITH inserted AS (${INSERT_EVENTS_SQL} ON CONFLICT (run_id, seq) DO NOTHING)
       UPDATE runs SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING status`,
      params,
    );
    return { status: rows[0]?.status, claimed: true };
  }
}
