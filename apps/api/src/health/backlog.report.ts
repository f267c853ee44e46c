import type { BacklogSnapshot } from '../metrics/backlog.monitor';
import type { BacklogDto } from './dto/health-response.dto';

/** The `backlog` object of /health, from the snapshot /metrics reads too; a number the last check could not read is null. */
export function backlogReport(taskQueue: string, snapshot: BacklogSnapshot | undefined, warnAgeMs: number): BacklogDto {
  const ages = [snapshot?.workflow?.backlogAgeMs, snapshot?.activity?.backlogAgeMs].filter((age): age is number => age !== undefined);
  const oldest = ages.length > 0 ? Math.max(...ages) : null;
  const report: BacklogDto = {
    task_queue: taskQueue,
    workflow_tasks: snapshot?.workflow?.backlog ?? null,
    activity_tasks: snapshot?.activity?.backlog ?? null,
    oldest_task_age_ms: oldest,
    queued_runs: snapshot?.queuedRuns ?? null,
    checked_at: snapshot?.checkedAt.toISOString() ?? null,
    warn_age_ms: warnAgeMs,
  };
  if (oldest !== null && oldest > warnAgeMs) {
    report.warning =
      `Tasks on task queue "${taskQueue}" have waited ${(oldest / 1000).toFixed(1)} s for a worker (over BACKLOG_WARN_AGE_MS=${warnAgeMs}): ` +
      'start more workers on this task queue, give them more slots, or move off the dev server; see docs/operations.md';
  }
  if (!snapshot) report.error = 'The backlog has not been checked yet: Temporal and Postgres did not answer in time';
  else if (snapshot.errors.length > 0) report.error = `The last backlog check could not read everything: ${snapshot.errors.join('; ')}`;
  return report;
}
