import { type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { RunEvent, RunStatus, TokenUsage } from '@steadfast/domain';
import { RunEntity } from '../entities/run.entity';
import { eventsParam, INSERT_EVENTS_SQL, setClauses } from './run-write-sql';
import type { RunFieldsUpdate } from './run-fields-update';

export type NewRun = Pick<RunEntity, 'id' | 'tenant' | 'name' | 'status' | 'input' | 'tags' | 'clientToken' | 'dag'> &
  Partial<Pick<RunEntity, 'workflowName' | 'workflowVersion' | 'workflowSha256'>>;

export interface IdempotencyClaim {
  token: string;
  requestHash: string;
  ttlMs: number;
}

export type CreateRunResult = { kind: 'created'; run: RunEntity } | { kind: 'existing'; runId: string; requestHash: string };

export interface RunListQuery {
  tenant: string;
  status?: RunStatus;
  tag?: string;
  limit: number;
  /** Exclusive upper bound on id: runs are listed newest first. */
  beforeId?: string;
}

export class RunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a run and, with a token, its idempotency key in one transaction. The key's primary key makes
   * concurrent duplicates wait for the first commit and then lose, so exactly one run is created.
   */
  async create(run: NewRun, idempotency?: IdempotencyClaim): Promise<CreateRunResult> {
    const now = new Date();
    const entity = this.dataSource.manager.create(RunEntity, { ...run, createdAt: now, updatedAt: now });
    // Without a token a single INSERT is atomic on its own: no transaction round trips.
    if (!idempotency) {
      await this.dataSource.manager.insert(RunEntity, entity as QueryDeepPartialEntity<RunEntity>);
      return { kind: 'created', run: entity };
    }
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM idempotency_keys WHERE tenant = $1 AND token = $2 AND expires_at <= now()`, [run.tenant, idempotency.token]);
      // The key goes in first (its foreign key is deferred), so a duplicate never writes a run row at all.
      const claimed: unknown[] = await tx.query(
        `INSERT INTO idempotency_keys (tenant, token, request_hash, run_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant, token) DO NOTHING RETURNING token`,
        [run.tenant, idempotency.token, idempotency.requestHash, run.id, now, new Date(now.getTime() + idempotency.ttlMs)],
      );
      if (claimed.length === 0) {
        const [existing]: { run_id: string; request_hash: string }[] = await tx.query(
          `SELECT run_id, request_hash FROM idempotency_keys WHERE tenant = $1 AND token = $2`,
          [run.tenant, idempotency.token],
        );
        return { kind: 'existing', runId: existing.run_id, requestHash: existing.request_hash };
      }
      await tx.insert(RunEntity, entity as QueryDeepPartialEntity<RunEntity>);
      return { kind: 'created', run: entity };
    });
  }

  /**
   * Inserts unless the run's workflow already wrote the record (create-and-start runs both at once). The
   * workflow's claim knows nothing of definitions, so the definition reference is filled in either way.
   */
  async insertIfAbsent(run: NewRun): Promise<RunEntity> {
    const now = new Date();
    const entity = this.dataSource.manager.create(RunEntity, { ...run, createdAt: now, updatedAt: now });
    await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(RunEntity)
      .values(entity as QueryDeepPartialEntity<RunEntity>)
      .orUpdate(['workflow_name', 'workflow_version', 'workflow_sha256'], ['id'])
      .execute();
    return entity;
  }

  findById(id: string): Promise<RunEntity | null> {
    return this.dataSource.getRepository(RunEntity).findOneBy({ id });
  }

  /** The run only if it belongs to `tenant`: another tenant's run is as absent as an unknown one. */
  findInTenant(tenant: string, id: string): Promise<RunEntity | null> {
    return this.dataSource.getRepository(RunEntity).findOneBy({ id, tenant });
  }

  async list(query: RunListQuery): Promise<RunEntity[]> {
    const qb = this.dataSource.getRepository(RunEntity).createQueryBuilder('run').where('run.tenant = :tenant', { tenant: query.tenant });
    if (query.status) qb.andWhere('run.status = :status', { status: query.status });
    if (query.tag) qb.andWhere('run.tags @> ARRAY[:tag]::text[]', { tag: query.tag });
    if (query.beforeId) qb.andWhere('run.id < :beforeId', { beforeId: query.beforeId });
    return qb.orderBy('run.id', 'DESC').limit(query.limit).getMany();
  }

  /** Sets fields only if the run's status is one of `from`; returns the run after the change, or null. */
  async transition(id: string, from: RunStatus[], update: RunFieldsUpdate, tx?: EntityManager): Promise<RunEntity | null> {
    const manager = tx ?? this.dataSource.manager;
    const result = await manager
      .createQueryBuilder()
      .update(RunEntity)
      .set({ ...stripUndefined(update), updatedAt: new Date() })
      .where('id = :id AND status IN (:...from)', { id, from })
      .returning('*')
      .execute();
    const raw = result.raw as Record<string, unknown>[];
    return raw.length > 0 ? manager.create(RunEntity, runFromRow(raw[0])) : null;
  }

  /** Applies a status change and appends events atomically (used where no workflow owns the run). */
  async transitionWithEvents(id: string, from: RunStatus[], update: RunFieldsUpdate, events: RunEvent[]): Promise<RunEntity | null> {
    const params: unknown[] = [id, eventsParam(events), from];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE runs SET ${setClauses(update, params).join(', ')}, updated_at = now()
          WHERE id = $1 AND status = ANY($3::varchar[]) RETURNING *
       ), inserted AS (${INSERT_EVENTS_SQL} AND EXISTS (SELECT 1 FROM changed) ON CONFLICT (run_id, seq) DO NOTHING)
       SELECT * FROM changed`,
      params,
    );
    return rows.length > 0 ? this.dataSource.manager.create(RunEntity, runFromRow(rows[0])) : null;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows: { status: string; count: string }[] = await this.dataSource.query(`SELECT status, count(*) AS count FROM runs GROUP BY status`);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Runs that reached a terminal status after `since`, for the duration histogram. */
  async finishedSince(since: Date): Promise<{ status: RunStatus; startedAt: Date; completedAt: Date }[]> {
    const rows: { status: RunStatus; started_at: Date; completed_at: Date }[] = await this.dataSource.query(
      `SELECT status, started_at, completed_at FROM runs
        WHERE completed_at > $1 AND started_at IS NOT NULL ORDER BY completed_at LIMIT 10000`,
      [since],
    );
    return rows.map((row) => ({ status: row.status, startedAt: row.started_at, completedAt: row.completed_at }));
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function runFromRow(row: Record<string, unknown>): Partial<RunEntity> {
  return {
    id: row.id as string,
    tenant: row.tenant as string,
    name: row.name as string,
    status: row.status as RunStatus,
    input: row.input,
    output: row.output,
    error: row.error as string | null,
    tags: row.tags as string[],
    clientToken: row.client_token as string | null,
    dag: row.dag as RunEntity['dag'],
    workflowName: row.workflow_name as string | null,
    workflowVersion: row.workflow_version as number | null,
    workflowSha256: row.workflow_sha256 as string | null,
    temporalRunId: row.temporal_run_id as string | null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    startedAt: row.started_at as Date | null,
    completedAt: row.completed_at as Date | null,
    canceledAt: row.canceled_at as Date | null,
    usage: (row.usage as TokenUsage | null) ?? null,
  };
}
