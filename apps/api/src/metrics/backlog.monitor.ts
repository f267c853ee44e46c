import { Logger } from '@nestjs/common';
import type { TaskQueueKind, TaskQueueStats } from '../infrastructure/temporal.module';

/** Where the backlog numbers come from: Temporal for the task queue, Postgres for the runs Steadfast holds back. */
export interface BacklogSources {
  taskQueue: string;
  taskQueueStats(kind: TaskQueueKind, timeoutMs: number): Promise<TaskQueueStats>;
  queuedRuns(): Promise<number>;
}

export interface BacklogSnapshot {
  checkedAt: Date;
  taskQueue: string;
  /** Absent when Temporal did not answer (the reason is in `errors`). */
  workflow?: TaskQueueStats;
  activity?: TaskQueueStats;
  /** Runs queued behind their tenant's MAX_RUNNING_RUNS_PER_TENANT; absent when Postgres did not answer. */
  queuedRuns?: number;
  errors: string[];
}

/** How long one source may take; a refresh therefore always settles, and a dead dependency costs one slow check per interval. */
const SOURCE_TIMEOUT_MS = 1_500;
/** A scrape can wait for the whole check (Prometheus allows 10 s); /health, a liveness probe, answers sooner with what it has. */
export const SCRAPE_WAIT_MS = SOURCE_TIMEOUT_MS + 500;
const READER_WAIT_MS = 1_000;

type Source = 'temporal' | 'postgres';

/**
 * The run task queue's backlog, asked for at most once per interval however often /metrics and /health are
 * read: readers share one snapshot, and a refresh in flight is joined, never repeated. Nothing polls while
 * nobody reads.
 */
export class BacklogMonitor {
  private readonly logger = new Logger(BacklogMonitor.name);
  private last: BacklogSnapshot | undefined;
  private refreshing: Promise<BacklogSnapshot> | undefined;
  /** Sources whose failure has been logged, so a long outage is one warning and one recovery line. */
  private readonly failing = new Set<Source>();

  constructor(
    private readonly sources: BacklogSources,
    private readonly checkIntervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get taskQueue(): string {
    return this.sources.taskQueue;
  }

  /** The current snapshot; if it is older than the interval, a fresh one, or the previous one (possibly none) when the refresh is slow. */
  async snapshot(waitMs = READER_WAIT_MS): Promise<BacklogSnapshot | undefined> {
    if (this.last && this.now() - this.last.checkedAt.getTime() < this.checkIntervalMs) return this.last;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs).unref()));
    try {
      return (await Promise.race([this.refreshing, gaveUp])) ?? this.last;
    } finally {
      clearTimeout(timer);
    }
  }

  private async refresh(): Promise<BacklogSnapshot> {
    const [workflow, activity, queuedRuns] = await Promise.allSettled([
      // The call's own deadline does not cover the lazy connection's first connect, so both are bounded here.
      withTimeout(this.sources.taskQueueStats('workflow', SOURCE_TIMEOUT_MS), SOURCE_TIMEOUT_MS),
      withTimeout(this.sources.taskQueueStats('activity', SOURCE_TIMEOUT_MS), SOURCE_TIMEOUT_MS),
      withTimeout(this.sources.queuedRuns(), SOURCE_TIMEOUT_MS),
    ]);
    const errors: string[] = [];
    const temporalError: unknown = workflow.status === 'rejected' ? workflow.reason : activity.status === 'rejected' ? activity.reason : undefined;
    if (temporalError !== undefined) errors.push(`Temporal: ${messageOf(temporalError)}`);
    if (queuedRuns.status === 'rejected') errors.push(`Postgres: ${messageOf(queuedRuns.reason)}`);
    this.note('temporal', temporalError);
    this.note('postgres', queuedRuns.status === 'rejected' ? queuedRuns.reason : undefined);
    this.last = {
      checkedAt: new Date(this.now()),
      taskQueue: this.sources.taskQueue,
      ...(workflow.status === 'fulfilled' ? { workflow: workflow.value } : {}),
      ...(activity.status === 'fulfilled' ? { activity: activity.value } : {}),
      ...(queuedRuns.status === 'fulfilled' ? { queuedRuns: queuedRuns.value } : {}),
      errors,
    };
    return this.last;
  }

  private note(source: Source, error: unknown): void {
    if (error !== undefined && !this.failing.has(source)) {
      this.failing.add(source);
      const context = { source, err: messageOf(error), taskQueue: this.sources.taskQueue };
      this.logger.warn(context, 'backlog check failed; its gauges are left out of /metrics until it answers');
    } else if (error === undefined && this.failing.delete(source)) {
      this.logger.log({ source, taskQueue: this.sources.taskQueue }, 'backlog check answers again');
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
