import { DataSource, type EntityManager } from 'typeorm';
import { RUN_STATUSES, type Dag, type RunEvent, type RunStatus } from '@steadfast/domain';
import { insertEvents, RunRepository, type RunFieldsUpdate } from './run.repository';

const ALL_STATUSES = [...RUN_STATUSES];

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

/** The workflow's durable write path: events and run fields in one transaction. */
export class RunSyncRepository {
  private readonly runs: RunRepository;

  constructor(private readonly dataSource: DataSource) {
    this.runs = new RunRepository(dataSource);
  }

  async apply(input: RunSyncInput): Promise<{ status: RunStatus | undefined; claimed: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      if (input.claim) {
        const claimed = await claimOrCreate(tx, input.runId, input.claim);
        if (!claimed) {
          const [row] = await tx.query(`SELECT status FROM runs WHERE id = $1`, [input.runId]);
          return { status: row?.status as RunStatus, claimed: false };
        }
        await insertEvents(tx, input.events);
        return { status: 'running', claimed: true };
      }
      await insertEvents(tx, input.events);
      // The workflow owns a claimed run, so its writes are unconditional.
      const run = input.update && Object.keys(input.update).length > 0
        ? await this.runs.transition(input.runId, ALL_STATUSES, input.update, tx)
        : null;
      return { status: run?.status, claimed: true };
    });
  }
}

/**
 * Marks the run running, or writes its record when the workflow got there before the API's insert (the
 * API inserts and starts in parallel). A run already cancelled or finished is left alone.
 */
async function claimOrCreate(tx: EntityManager, runId: string, claim: NonNullable<RunSyncInput['claim']>): Promise<boolean> {
  const { seed, startedAt, temporalRunId } = claim;
  const rows: unknown[] = await tx.query(
    `INSERT INTO runs (id, name, status, input, tags, dag, temporal_run_id, created_at, updated_at, started_at)
     VALUES ($1, $2, 'running', $3::jsonb, $4, $5::jsonb, $6, $7, $7, $7)
     ON CONFLICT (id) DO UPDATE
       SET status = 'running', temporal_run_id = EXCLUDED.temporal_run_id, updated_at = EXCLUDED.updated_at,
           started_at = COALESCE(runs.started_at, EXCLUDED.started_at)
       WHERE runs.status IN ('created', 'running')
     RETURNING id`,
    [runId, seed.name, JSON.stringify(seed.input ?? null), seed.tags, JSON.stringify(seed.dag), temporalRunId, startedAt],
  );
  return rows.length > 0;
}
