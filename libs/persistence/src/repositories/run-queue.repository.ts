import { type DataSource, type EntityManager } from 'typeorm';
import type { RunEvent } from '@steadfast/domain';
import { RunEntity } from '../entities/run.entity';
import { runFromRow } from './run.repository';

/** Starts a run's workflow; `eventsBefore` is how many events the run already has (its `queued` status). */
export type WorkflowStart = (run: RunEntity, eventsBefore: number) => Promise<{ temporalRunId: string | null }>;

export type Admission =
  | { outcome: 'started' | 'queued'; run: RunEntity }
  /** The run was not `created` any more (a racing start or cancel won): here it is as it is now. */
  | { outcome: 'unchanged'; run: RunEntity | null };

export interface DispatchResult {
  started: string[];
  /** The start that failed and stopped this pass; the run stays queued for the next one. */
  failure?: { runId: string; error: unknown };
}

const ACTIVE = `('running', 'waiting_for_approval', 'canceling')`;

/*
 * Everything that decides whether a tenant's run may start happens under one transaction-scoped advisory
 * lock per tenant, held until the workflow is started and the run marked running: two API processes can
 * never both count a free slot and both fill it. The workflow start sits inside the transaction on
 * purpose. If the process dies after the start but before the commit, the run is still `queued` (or
 * `created`) and the workflow's own claim takes it over from there (run-sync.repository.ts); if the start
 * fails, the transaction rolls back and nothing is lost.
 */
export class RunQueueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A start request under the cap: the run starts now if its tenant has a free slot and nobody queued
   * ahead of it, otherwise it is queued (status and `status_update` event in the same transaction).
   */
  admit(runId: string, cap: number, start: WorkflowStart): Promise<Admission> {
    return this.dataSource.transaction(async (tx) => {
      const [row]: (Record<string, unknown> | undefined)[] = await tx.query(`SELECT * FROM runs WHERE id = $1 FOR UPDATE`, [runId]);
      if (!row || row.status !== 'created') return { outcome: 'unchanged', run: row ? tx.create(RunEntity, runFromRow(row)) : null };
      const run = tx.create(RunEntity, runFromRow(row));
      const tenant = row.tenant as string;
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('steadfast.run-slots:' || $1, 0))`, [tenant]);
      const [slots]: { active: number; queue: boolean }[] = await tx.query(
        `SELECT (SELECT count(*) FROM runs WHERE tenant = $1 AND status IN ${ACTIVE})::int AS active,
                EXISTS (SELECT 1 FROM runs WHERE tenant = $1 AND status = 'queued') AS queue`,
        [tenant],
      );
      if (cap > 0 && (slots.active >= cap || slots.queue)) return { outcome: 'queued', run: await this.enqueue(tx, run) };
      const { temporalRunId } = await start(run, 0);
      return { outcome: 'started', run: await this.markRunning(tx, run.id, temporalRunId) };
    });
  }

  /** Runs waiting for a slot of their tenant, all tenants together (the partial index `runs_queued_idx` answers it). */
  async countQueued(): Promise<number> {
    const [row]: { count: number }[] = await this.dataSource.query(`SELECT count(*)::int AS count FROM runs WHERE status = 'queued'`);
    return row?.count ?? 0;
  }

  /** Tenants with queued runs, for the dispatcher's pass. */
  async queuedTenants(limit = 100): Promise<string[]> {
    const rows: { tenant: string }[] = await this.dataSource.query(`SELECT DISTINCT tenant FROM runs WHERE status = 'queued' LIMIT $1`, [limit]);
    return rows.map((row) => row.tenant);
  }

  /**
   * Starts the tenant's oldest queued runs, as many as it has free slots (all of them when cap is 0).
   * Skips the tenant when another process is dispatching it right now: that one sees the same slots.
   */
  dispatch(tenant: string, cap: number, start: WorkflowStart, batch = 50): Promise<DispatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const [lock]: { locked: boolean }[] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('steadfast.run-slots:' || $1, 0)) AS locked`, [
        tenant,
      ]);
      if (!lock.locked) return { started: [] };
      const [{ active }]: { active: number }[] = await tx.query(`SELECT count(*)::int AS active FROM runs WHERE tenant = $1 AND status IN ${ACTIVE}`, [tenant]);
      const free = cap > 0 ? Math.min(batch, cap - active) : batch;
      if (free <= 0) return { started: [] };
      // SKIP LOCKED: a queued run being cancelled right now is passed over, not waited for.
      const rows: Record<string, unknown>[] = await tx.query(
        `SELECT r.*, (SELECT COALESCE(max(seq), 0) FROM run_events e WHERE e.run_id = r.id)::int AS events_before
           FROM runs r WHERE r.tenant = $1 AND r.status = 'queued' ORDER BY r.queued_at, r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
        [tenant, free],
      );
      const result: DispatchResult = { started: [] };
      for (const row of rows) {
        const run = tx.create(RunEntity, runFromRow(row));
        try {
          const { temporalRunId } = await start(run, row.events_before as number);
          await this.markRunning(tx, run.id, temporalRunId);
          result.started.push(run.id);
        } catch (error) {
          // In order: a later run must not overtake one whose start failed.
          result.failure = { runId: run.id, error };
          break;
        }
      }
      return result;
    });
  }

  private async enqueue(tx: EntityManager, run: RunEntity): Promise<RunEntity> {
    const event: RunEvent = { seq: 1, run_id: run.id, timestamp: new Date().toISOString(), type: 'status_update', status: 'queued' };
    const [[row]]: [Record<string, unknown>[], number] = await tx.query(
      `UPDATE runs SET status = 'queued', queued_at = now(), updated_at = now() WHERE id = $1 RETURNING *`,
      [run.id],
    );
    await tx.query(`INSERT INTO run_events (run_id, seq, type, event, created_at) VALUES ($1, 1, 'status_update', $2::jsonb, now())`, [
      run.id,
      JSON.stringify(event),
    ]);
    return tx.create(RunEntity, runFromRow(row));
  }

  private async markRunning(tx: EntityManager, runId: string, temporalRunId: string | null): Promise<RunEntity> {
    const [[row]]: [Record<string, unknown>[], number] = await tx.query(
      `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, now()), temporal_run_id = COALESCE($2, temporal_run_id), updated_at = now()
        WHERE id = $1 RETURNING *`,
      [runId, temporalRunId],
    );
    return tx.create(RunEntity, runFromRow(row));
  }
}
