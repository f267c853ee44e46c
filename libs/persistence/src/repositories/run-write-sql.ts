import type { RunEvent } from '@steadfast/domain';
import type { RunFieldsUpdate } from './run-fields-update';

/*
 * The one way run events reach Postgres: the batch travels as a single jsonb parameter ($2, for run $1)
 * and is unpacked server-side, so a batch of any size is part of one statement. Callers append their own
 * conditions (`AND ...`) and `ON CONFLICT (run_id, seq) DO NOTHING`, which makes a replayed batch harmless.
 */
export const INSERT_EVENTS_SQL = `
  INSERT INTO run_events (run_id, seq, type, event, created_at)
  SELECT e.run_id, e.seq, e.type, e.event, e.created_at
    FROM jsonb_to_recordset($2::jsonb) AS e(run_id varchar, seq int, type varchar, event jsonb, created_at timestamptz)
   WHERE e.run_id = $1`;

/*
 * The workflow's batches overwrite what is stored under the same seq. A batch is normally written again
 * only by a retried local activity, with identical events (then nothing is written). But a workflow task
 * can fail after its local activities ran (UnhandledCommand: a cancel request arrived during the task),
 * and the retried task, seeing the cancel, may number different events: history is the truth, and the
 * last attempt is the one in history.
 */
export const UPSERT_EVENTS_SQL = `ON CONFLICT (run_id, seq) DO UPDATE SET type = EXCLUDED.type, event = EXCLUDED.event, created_at = EXCLUDED.created_at
   WHERE run_events.event IS DISTINCT FROM EXCLUDED.event`;

/* With the `final` event written, anything numbered after it came from a failed attempt that went further. */
export const TRIM_AFTER_FINAL_SQL = `DELETE FROM run_events
   WHERE run_id = $1 AND seq > (SELECT max(e.seq) FROM jsonb_to_recordset($2::jsonb) AS e(seq int, type varchar) WHERE e.type = 'final')`;

export function eventsParam(events: RunEvent[]): string {
  return JSON.stringify(events.map((event) => ({ run_id: event.run_id, seq: event.seq, type: event.type, event, created_at: event.timestamp })));
}

const UPDATE_COLUMNS: [keyof RunFieldsUpdate, string, string][] = [
  ['status', 'status', 'varchar'],
  ['output', 'output', 'jsonb'],
  ['error', 'error', 'text'],
  ['startedAt', 'started_at', 'timestamptz'],
  ['completedAt', 'completed_at', 'timestamptz'],
  ['canceledAt', 'canceled_at', 'timestamptz'],
  ['temporalRunId', 'temporal_run_id', 'varchar'],
  ['usage', 'usage', 'jsonb'],
  ['dag', 'dag', 'jsonb'],
  ['dagRevision', 'dag_revision', 'integer'],
];

/** `column = $n` assignments for the fields an update sets, their values appended to `params`. */
export function setClauses(update: RunFieldsUpdate, params: unknown[]): string[] {
  return UPDATE_COLUMNS.filter(([key]) => update[key] !== undefined).map(([key, column, type]) => {
    params.push(type === 'jsonb' ? JSON.stringify(update[key] ?? null) : update[key]);
    const value = `$${params.length}::${type}`;
    // A cancel requested through the API stays visible until the run ends: the workflow's own
    // running <-> waiting_for_approval changes do not overwrite it.
    if (column === 'status')
      return `status = CASE WHEN runs.status = 'canceling' AND ${value} IN ('running', 'waiting_for_approval') THEN runs.status ELSE ${value} END`;
    return `${column} = ${value}`;
  });
}
