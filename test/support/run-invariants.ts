import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { isTerminalStatus, type RunStatus } from '@steadfast/domain';
import { SEARCH_ATTRIBUTES, type RunWorkflowResult } from '@steadfast/engine';

export interface RunProblem {
  runId: string;
  problem: string;
}

export interface InvariantReport {
  checked: number;
  /**
   * Runs not over on both sides: non-terminal with no open workflow (with expectSettled, any non-terminal run),
   * or terminal with a workflow still open.
   */
  unsettled: RunProblem[];
  /** Terminal runs whose row, final event and Temporal execution disagree about how the run ended. */
  wrongStatus: RunProblem[];
  /** Missing or duplicate finals, seq gaps, workflows missing or not matching the row. */
  problems: RunProblem[];
  ok: boolean;
}

export interface InvariantOptions {
  db: DataSource;
  client: Client;
  /** The runs to check; without it every run (of `tenant`, if given). */
  runIds?: string[];
  tenant?: string;
  /** Temporal calls in flight at once. */
  concurrency?: number;
  /** Load has stopped and runs had time to finish: every non-terminal run counts as unsettled. */
  expectSettled?: boolean;
}

interface RunRow {
  id: string;
  status: RunStatus;
  temporal_run_id: string | null;
}

interface EventStats {
  run_id: string;
  n: number;
  min_seq: number;
  max_seq: number;
  final_statuses: string[];
  last_type: string;
}

type Workflow = { found: false } | { found: true; description: WorkflowExecutionDescription };

const CHUNK = 500;
// The workflow writes its terminal status and then closes: a describe in between still sees it open.
const CLOSE_RETRIES = 10;
const CLOSE_RETRY_MS = 200;

/**
 * Checks that every run ended once and consistently: in Postgres (row, final event, gap-free seqs) and in
 * Temporal (execution status, result, search attribute), and that no non-terminal run is stranded.
 */
export async function checkRunInvariants(opts: InvariantOptions): Promise<InvariantReport> {
  const report: InvariantReport = { checked: 0, unsettled: [], wrongStatus: [], problems: [], ok: false };
  const rows = await loadRuns(opts);
  if (opts.runIds) {
    const seen = new Set(rows.map((row) => row.id));
    for (const id of opts.runIds) if (!seen.has(id)) report.problems.push({ runId: id, problem: 'no row in runs' });
  }
  const stats = await loadEventStats(
    opts.db,
    rows.map((row) => row.id),
  );
  await forEachBounded(rows, opts.concurrency ?? 16, async (row) => {
    try {
      await checkRun(opts, row, stats.get(row.id), report);
    } catch (err) {
      report.problems.push({ runId: row.id, problem: `check failed: ${(err as Error).message}` });
    }
  });
  report.checked = rows.length;
  report.ok = report.unsettled.length === 0 && report.wrongStatus.length === 0 && report.problems.length === 0;
  return report;
}

async function checkRun(opts: InvariantOptions, row: RunRow, stats: EventStats | undefined, report: InvariantReport): Promise<void> {
  let workflow = await describe(opts.client, row.id);
  if (!isTerminalStatus(row.status)) {
    if (!opts.expectSettled && isOpen(workflow)) return;
    // The run may have ended between the row read and the describe: judge it by what it is now.
    const now = await reloadRun(opts.db, row.id);
    if (!now || !isTerminalStatus(now.status)) {
      if (!opts.expectSettled && !workflow.found && (row.status === 'created' || row.status === 'queued')) return;
      report.unsettled.push({ runId: row.id, problem: `${now?.status ?? row.status}, workflow ${temporalState(workflow)}` });
      return;
    }
    row = now;
    stats = (await loadEventStats(opts.db, [row.id])).get(row.id);
    workflow = await describe(opts.client, row.id);
  }
  checkEvents(row, stats, report);
  for (let i = 0; i < CLOSE_RETRIES && isOpen(workflow); i++) {
    await new Promise((resolve) => setTimeout(resolve, CLOSE_RETRY_MS));
    workflow = await describe(opts.client, row.id);
  }
  // Not a wrong status yet: the run is over in Postgres and Temporal has still to close its execution.
  if (isOpen(workflow)) return void report.unsettled.push({ runId: row.id, problem: `${row.status} in Postgres, workflow still RUNNING` });
  await checkTemporal(opts.client, row, workflow, report);
}

function checkEvents(row: RunRow, stats: EventStats | undefined, report: InvariantReport): void {
  const problem = (text: string) => void report.problems.push({ runId: row.id, problem: text });
  if (!stats) return problem(`${row.status} with no events`);
  if (stats.min_seq !== 1 || stats.max_seq !== stats.n) problem(`event seqs are not 1..${stats.n}: they run ${stats.min_seq}..${stats.max_seq}`);
  if (stats.final_statuses.length === 0) problem('no final event');
  if (stats.final_statuses.length > 1) problem(`${stats.final_statuses.length} final events`);
  if (stats.final_statuses.length > 0 && stats.last_type !== 'final') problem(`the last event is ${stats.last_type}, not final`);
  const wrong = stats.final_statuses.filter((status) => status !== row.status);
  if (wrong.length > 0) report.wrongStatus.push({ runId: row.id, problem: `row is ${row.status}, final event says ${wrong.join(', ')}` });
}

async function checkTemporal(client: Client, row: RunRow, workflow: Workflow, report: InvariantReport): Promise<void> {
  const wrong = (text: string) => report.wrongStatus.push({ runId: row.id, problem: text });
  if (!workflow.found) {
    // A run cancelled before its workflow started never gets one.
    if (row.status !== 'canceled' || row.temporal_run_id !== null) {
      report.problems.push({ runId: row.id, problem: `${row.status} but no workflow in Temporal` });
    }
    return;
  }
  const { description } = workflow;
  if (row.temporal_run_id !== null && row.temporal_run_id !== description.runId) {
    report.problems.push({ runId: row.id, problem: `temporal_run_id ${row.temporal_run_id} is not the workflow's run ${description.runId}` });
  }
  const attribute = description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.status);
  if (attribute !== row.status) wrong(`row is ${row.status}, SteadfastRunStatus is ${attribute ?? 'unset'}`);
  const temporal = description.status.name;
  const handle = client.workflow.getHandle(row.id, description.runId);
  if (temporal === 'COMPLETED') {
    const result = (await handle.result()) as RunWorkflowResult;
    // COMPLETED as canceled: the execution found the run already cancelled when it went to claim it.
    const agrees = result.status === row.status && (row.status === 'completed' || row.status === 'canceled');
    if (!agrees) wrong(`row is ${row.status}, workflow COMPLETED with ${result.status}`);
    return;
  }
  if (temporal === 'FAILED' && (row.status === 'failed' || row.status === 'timed_out')) {
    const timedOut = (await failureType(handle.result())) === 'RunTimedOut';
    if (timedOut !== (row.status === 'timed_out')) wrong(`row is ${row.status}, workflow failed ${timedOut ? 'as timed out' : 'not as timed out'}`);
    return;
  }
  if (temporal === 'CANCELLED' && row.status === 'canceled') return;
  wrong(`row is ${row.status}, workflow is ${temporal}`);
}

async function failureType(result: Promise<unknown>): Promise<string | undefined> {
  try {
    await result;
    return undefined;
  } catch (err) {
    return err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined;
  }
}

async function describe(client: Client, id: string): Promise<Workflow> {
  try {
    return { found: true, description: await client.workflow.getHandle(id).describe() };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { found: false };
    throw err;
  }
}

const isOpen = (workflow: Workflow) => workflow.found && workflow.description.status.name === 'RUNNING';
const temporalState = (workflow: Workflow) => (workflow.found ? workflow.description.status.name : 'not found');

async function loadRuns(opts: InvariantOptions): Promise<RunRow[]> {
  const select = 'SELECT id, status, temporal_run_id FROM runs';
  if (!opts.runIds) {
    return opts.tenant === undefined ? opts.db.query(`${select} ORDER BY id`) : opts.db.query(`${select} WHERE tenant = $1 ORDER BY id`, [opts.tenant]);
  }
  const rows: RunRow[] = [];
  for (let i = 0; i < opts.runIds.length; i += CHUNK) {
    const ids = opts.runIds.slice(i, i + CHUNK);
    const chunk: RunRow[] = await (opts.tenant === undefined
      ? opts.db.query(`${select} WHERE id = ANY($1)`, [ids])
      : opts.db.query(`${select} WHERE id = ANY($1) AND tenant = $2`, [ids, opts.tenant]));
    rows.push(...chunk);
  }
  return rows;
}

async function reloadRun(db: DataSource, id: string): Promise<RunRow | undefined> {
  const rows: RunRow[] = await db.query('SELECT id, status, temporal_run_id FROM runs WHERE id = $1', [id]);
  return rows[0];
}

async function loadEventStats(db: DataSource, ids: string[]): Promise<Map<string, EventStats>> {
  const stats = new Map<string, EventStats>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows: EventStats[] = await db.query(
      `SELECT run_id, count(*)::int AS n, min(seq) AS min_seq, max(seq) AS max_seq,
              coalesce(array_agg(event->>'status') FILTER (WHERE type = 'final'), '{}') AS final_statuses,
              (array_agg(type ORDER BY seq DESC))[1] AS last_type
         FROM run_events WHERE run_id = ANY($1) GROUP BY run_id`,
      [ids.slice(i, i + CHUNK)],
    );
    for (const row of rows) stats.set(row.run_id, row);
  }
  return stats;
}

async function forEachBounded<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(lanes);
}
