import { type DataSource } from 'typeorm';
import type { Dag, PatchDecision, RunEvent, RunStatus } from '@steadfast/domain';
import type { RunFieldsUpdate } from './run-fields-update';
import { eventsParam, INSERT_EVENTS_SQL, setClauses, TRIM_AFTER_FINAL_SQL, UPSERT_EVENTS_SQL } from './run-write-sql';

/** What a workflow knows of its run, enough to write the record itself if the API has not yet. */
export interface RunSeed {
  /** Absent in workflows started before tenants existed: those runs are the default tenant's. */
  tenant?: string;
  name: string;
  input: unknown;
  tags: string[];
  dag: Dag;
}

/** A patch's outcome as the workflow decided it (snake_case: it travels as one jsonb parameter). */
export interface PatchOutcomeRecord extends PatchDecision {
  id: string;
  source: string;
  result_sha256: string | null;
}

export interface RunSyncInput {
  runId: string;
  events: RunEvent[];
  update?: RunFieldsUpdate;
  /** Outcomes of patches the workflow applied or refused since the last batch. */
  patches?: PatchOutcomeRecord[];
  /** Take the run over only while it is created or queued (or already running under this workflow). */
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
    if (input.claim) return this.claim(input.runId, events, input.claim);
    return this.sync(
      input.runId,
      events,
      input.update,
      input.patches,
      input.events.some((event) => event.type === 'final'),
    );
  }

  /**
   * Marks the run running, or writes its record when the workflow got there before the API's insert (the
   * API inserts and starts in parallel). A `canceling` run is taken too, and stays `canceling`: the API
   * asks Temporal to cancel before it marks the row, so this workflow has a cancel request on its way and
   * must be the one to record `canceled`. A `queued` run is taken as well: only the queue's dispatcher
   * starts its workflow, and if that process died before recording the start, the workflow finishes it.
   * A run the API already cancelled (never claimed) or that has finished is left alone, and then the
   * batch's events are not written either.
   */
  private async claim(runId: string, events: string, claim: NonNullable<RunSyncInput['claim']>) {
    const { seed, startedAt, temporalRunId } = claim;
    // `previous` is SQL NULL for a row that does not exist; it travels to the workflow as it always has.
    const [row]: { claimed_as: RunStatus | null; previous: RunStatus | undefined }[] = await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO runs (id, tenant, name, status, input, tags, dag, temporal_run_id, created_at, updated_at, started_at)
         VALUES ($1, COALESCE($9::varchar, 'default'), $3, 'running', $4::jsonb, $5, $6::jsonb, $7, $8, $8, $8)
         ON CONFLICT (id) DO UPDATE
           SET status = CASE WHEN runs.status = 'canceling' THEN runs.status ELSE 'running' END,
               temporal_run_id = EXCLUDED.temporal_run_id, updated_at = EXCLUDED.updated_at,
               started_at = COALESCE(runs.started_at, EXCLUDED.started_at)
           WHERE runs.status IN ('created', 'queued', 'running', 'canceling')
         RETURNING status
       ), inserted AS (${INSERT_EVENTS_SQL} AND EXISTS (SELECT 1 FROM claimed) ${UPSERT_EVENTS_SQL})
       SELECT (SELECT status FROM claimed) AS claimed_as, (SELECT status FROM runs WHERE id = $1) AS previous`,
      [runId, events, seed.name, JSON.stringify(seed.input ?? null), seed.tags, JSON.stringify(seed.dag), temporalRunId, startedAt, seed.tenant ?? null],
    );
    return row.claimed_as ? { status: row.claimed_as, claimed: true } : { status: row.previous, claimed: false };
  }

  /** Events plus the run's changed fields and patch outcomes; the workflow owns a claimed run, so the update is unconditional. */
  private async sync(runId: string, events: string, update: RunFieldsUpdate = {}, patches: PatchOutcomeRecord[] = [], final = false) {
    const params: unknown[] = [runId, events];
    const ctes = [`inserted AS (${INSERT_EVENTS_SQL} ${UPSERT_EVENTS_SQL})`];
    if (final) ctes.push(`trimmed AS (${TRIM_AFTER_FINAL_SQL})`);
    if (patches.length > 0) {
      params.push(JSON.stringify(patches));
      ctes.push(`patched AS (${upsertPatchesSql(params.length)})`);
    }
    const sets = setClauses(update, params);
    if (sets.length === 0) {
      await this.dataSource.query(`WITH ${ctes.join(', ')} SELECT 1`, params);
      return { status: undefined, claimed: true };
    }
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ status: RunStatus }[], number] = await this.dataSource.query(
      `WITH ${ctes.join(', ')}
       UPDATE runs SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING status`,
      params,
    );
    return { status: rows[0]?.status, claimed: true };
  }
}

/**
 * A patch's outcome, inserted whole (patches from agents or raw signals have no row yet; they take the
 * run's tenant from the run row) or written over
 * the API's proposal. The workflow is the authority: its outcome also replaces a rejection the API wrote
 * when a signal's delivery looked failed but had in fact reached the run.
 */
function upsertPatchesSql(param: number): string {
  return `INSERT INTO patches (id, tenant, run_id, source, node_id, operations, reason, status, rejected_reason, revision, result_sha256, created_at, decided_at)
    SELECT p.id, COALESCE((SELECT r.tenant FROM runs r WHERE r.id = $1), 'default'), $1, p.source, p.node_id, p.operations, p.reason, p.status, p.rejected_reason, p.revision, p.result_sha256, p.decided_at, p.decided_at
      FROM jsonb_to_recordset($${param}::jsonb) AS p(id varchar, source varchar, node_id varchar, operations jsonb, reason text, status varchar,
           rejected_reason text, revision int, result_sha256 char(64), decided_at timestamptz)
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, rejected_reason = EXCLUDED.rejected_reason, revision = EXCLUDED.revision,
       result_sha256 = EXCLUDED.result_sha256, decided_at = EXCLUDED.decided_at
     WHERE patches.status <> 'applied' AND patches.run_id = EXCLUDED.run_id`;
}
