import { CancellationScope, proxyLocalActivities, proxySinks, upsertSearchAttributes } from '@temporalio/workflow';
import type { RunEvent, RunEventBody, RunStatus } from '@steadfast/domain';
import { isTerminalStatus } from '@steadfast/domain';
import { SEARCH_ATTRIBUTES, type RunEventsPage, type RunSinks } from '../contracts';
import { inLocalLane } from './local-lane';
import type { PatchOutcomeEntry, RunRecordPatch, RunSeed, RunSyncResult } from '../activities/activity-types';
import type { RunRecordActivities } from '../activities/run-record.activities';

const BUFFER_LIMIT = 1000;
const PAGE_LIMIT = 500;
/* Flush policy: the query serves live events and Temporal's history already makes them durable, so
 * Postgres gets them in few, large batches: at claim, at the end, before long waits, and otherwise when
 * this many are pending or the oldest pending one is this old. */
const FLUSH_AFTER_EVENTS = 100;
const FLUSH_AFTER_MS = 1000;

/*
 * Local activities: a Postgres write is milliseconds, so a task-queue round trip per batch would cost more
 * than the write. Unlimited attempts: if Postgres is down the run waits rather than losing events.
 */
const local = proxyLocalActivities<RunRecordActivities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', maximumInterval: '10s', backoffCoefficient: 2 },
});
const { runEvents } = proxySinks<RunSinks>();
const syncRun: RunRecordActivities['syncRun'] = (batch) => inLocalLane(() => local.syncRun(batch));

/**
 * The run's event log and status as the workflow sees them. Events get their seq here, are served to
 * queries from a bounded buffer, and reach Postgres in batches by a single background flusher, so node
 * execution never waits on the database and a short run costs two writes: its claim and its end.
 */
export class RunJournal {
  private readonly buffer: RunEvent[] = [];
  private seq = 0;
  private flushedSeq = 0;
  private pendingPatch: RunRecordPatch | undefined;
  private pendingPatchOutcomes: PatchOutcomeEntry[] = [];
  private flushing: Promise<void> | undefined;
  status: RunStatus = 'created';

  constructor(
    private readonly runId: string,
    eventsBefore = 0,
  ) {
    this.seq = eventsBefore;
    this.flushedSeq = eventsBefore;
  }

  append(body: RunEventBody): RunEvent {
    const event = { ...body, seq: ++this.seq, run_id: this.runId, timestamp: new Date().toISOString() };
    this.buffer.push(event);
    runEvents.appended(this.runId, event.type === 'final');
    this.evictFlushed();
    // The buffer is ordered by seq and only flushed events are evicted, so the oldest unflushed one sits at a known index.
    const oldestPending = this.buffer[this.flushedSeq + 1 - this.buffer[0].seq];
    if (this.seq - this.flushedSeq >= FLUSH_AFTER_EVENTS || (oldestPending && Date.now() - Date.parse(oldestPending.timestamp) >= FLUSH_AFTER_MS)) {
      this.flushSoon();
    }
    return event;
  }

  /** Called before the run may wait a while (a long timer, a human): what happened so far reaches Postgres now. */
  flushSoon(): void {
    if (this.hasUnflushed()) this.scheduleFlush();
  }

  setStatus(status: RunStatus, patch: RunRecordPatch = {}): void {
    this.status = status;
    this.pendingPatch = { ...this.pendingPatch, ...patch, status };
    this.append({ type: 'status_update', status });
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.status, value: status }]);
  }

  /** A runtime patch's outcome (and, when applied, the run's new graph): written with the next batch, which starts now. */
  recordPatch(outcome: PatchOutcomeEntry, run?: Pick<RunRecordPatch, 'dag' | 'dag_revision'>): void {
    this.pendingPatchOutcomes.push(outcome);
    if (run) this.pendingPatch = { ...this.pendingPatch, ...run };
    this.scheduleFlush();
  }

  /**
   * First durable step: becomes the run's owner unless the run was cancelled before the workflow began.
   * The `running` event rides in the same transaction, and is kept only if the claim succeeds.
   */
  async claim(temporalRunId: string, startedAt: string, seed: RunSeed): Promise<RunSyncResult> {
    const running = { type: 'status_update', status: 'running', seq: this.seq + 1, run_id: this.runId, timestamp: startedAt } as RunEvent;
    const result = await CancellationScope.nonCancellable(() =>
      syncRun({ runId: this.runId, events: [running], claim: { temporalRunId, seed }, run: { status: 'running', started_at: startedAt } }),
    );
    if (result.claimed) {
      this.status = 'running';
      this.buffer.push(running);
      runEvents.appended(this.runId, false);
      this.seq = running.seq;
      this.flushedSeq = running.seq;
    }
    return result;
  }

  page(after: number): RunEventsPage {
    const events = this.buffer.filter((event) => event.seq > after).slice(0, PAGE_LIMIT);
    const last = events[events.length - 1];
    const lastServed = last ? last.seq : after;
    return {
      events,
      status: this.status,
      firstSeq: this.buffer[0]?.seq ?? this.seq + 1,
      done: isTerminalStatus(this.status) && lastServed >= this.seq,
    };
  }

  /** After the final drain: live readers can take the rest of the log from Postgres. */
  announceEnd(): void {
    runEvents.ended(this.runId);
  }

  /** Resolves once every event and status change so far is in Postgres. */
  async drain(): Promise<void> {
    this.flushSoon();
    while (this.flushing) await this.flushing;
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    // Started a microtask later, so appends made in the same step (a status and its final event) share a batch.
    this.flushing = CancellationScope.nonCancellable(() => Promise.resolve().then(() => this.flushLoop())).then(() => {
      this.flushing = undefined;
      // An append that raced the loop's last check would otherwise wait for the next append.
      if (this.hasUnflushed()) this.scheduleFlush();
    });
  }

  private hasUnflushed(): boolean {
    return this.flushedSeq < this.seq || this.pendingPatch !== undefined || this.pendingPatchOutcomes.length > 0;
  }

  private async flushLoop(): Promise<void> {
    while (this.hasUnflushed()) {
      const events = this.buffer.filter((event) => event.seq > this.flushedSeq);
      const upTo = this.seq;
      const run = this.pendingPatch;
      const patches = this.pendingPatchOutcomes.splice(0);
      this.pendingPatch = undefined;
      await syncRun({ runId: this.runId, events, run, ...(patches.length > 0 ? { patches } : {}) });
      this.flushedSeq = upTo;
      this.evictFlushed();
    }
  }

  private evictFlushed(): void {
    while (this.buffer.length > BUFFER_LIMIT && this.buffer[0].seq <= this.flushedSeq) this.buffer.shift();
  }
}
