import { DataSource } from 'typeorm';
import type { Dag, RunEvent, RunStatus } from '@steadfast/domain';
import type { RunFieldsUpdate } from './run.repository';

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

/* The batch's events as one jsonb parameter, unpacked server-side: any batch size is one statement. */
const EVENTS_CTE = `
  INSERT INTO run_events (run_id, seq, type, event, created_at)
  SELECT e.run_id, e.seq, e.type, e.event, e.created_at
    FROM jsonb_to_recordset($2::jsonb) AS e(run_id varchar, seq int, type varchar, event jsonb, created_at timestamptz)
   WHERE e.run_id = $1`;

const UPDATE_COLUMNS: [keyof RunFieldsUpdate, string, string][] = [
  ['status', 'status', 'varchar'],
  ['output', 'output', 'jsonb'],
  ['error', 'error', 'text'],
  ['startedAt', 'started_at', 'timestamptz'],
  ['completedAt', 'completed_at', 'timestamptz'],
  ['canceledAt', 'canceled_at', 'timestamptz'],
  ['temporalRunId', 'temporal_run_id', 'varchar'],
];

/**
 * The workflow's durable write path. Every batch is a single SQL statement (data-modifying CTEs), so it
 * is atomic without BEGIN/COMMIT round trips: one round trip per batch, however many events it carries.
 */
export class RunSyncRepository {
  constructor(private readonly dataSource: DataSource) {}

  async apply(input: RunSyncInput): Promise<{ status: RunStatus | undefined; claimed: boolean }> {
    const events = JSON.stringify(
      input.events.map((event) => ({ run_id: event.run_id, seq: event.seq, type: event.type, event, created_at: event.timestamp })),
    );
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
       ), inserted AS (${EVENTS_CTE} AND EXISTS (SELECT 1 FROM claimed) ON CONFLICT (run_id, seq) DO NOTHING)
       SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, (SELECT status FROM runs WHERE id = $1) AS previous`,
      [runId, events, seed.name, JSON.stringify(seed.input ?? null), seed.tags, JSON.stringify(seed.dag), temporalRunId, startedAt],
    );
    return row.claimed ? { status: 'running' as RunStatus, claimed: true } : { status: row.previous as RunStatus | undefined, claimed: false };
  }

  /** Events plus the run's changed fields; the workflow owns a claimed run, so the update is unconditional. */
  private async sync(runId: string, events: string, update: RunFieldsUpdate = {}) {
    const params: unknown[] = [runId, events];
    const sets = UPDATE_COLUMNS.filter(([key]) => update[key] !== undefined).map(([key, column, type]) => {
      params.push(type === 'jsonb' ? JSON.stringify(update[key] ?? null) : update[key]);
      return `${column} = $${params.length}::${type}`;
    });
    if (sets.length === 0) {
      await this.dataSource.query(`${EVENTS_CTE} ON CONFLICT (run_id, seq) DO NOTHING`, params);
      return { status: undefined, claimed: true };
    }
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ status: RunStatus }[], number] = await this.dataSource.query(
      `WITH inserted AS (${EVENTS_CTE} ON CONFLICT (run_id, seq) DO NOTHING)
       UPDATE runs SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING status`,
      params,
    );
    return { status: rows[0]?.status, claimed: true };
  }
}
