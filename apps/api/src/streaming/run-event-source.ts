import { Injectable } from '@nestjs/common';
import { isTerminalStatus, type RunEvent } from '@steadfast/domain';
import { RunEventRepository, RunRepository } from '@steadfast/persistence';
import { eventsQuery } from '@steadfast/engine';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';
import { MetricsService } from '../metrics/metrics.service';

export interface EventRead {
  events: RunEvent[];
  /** Nothing will follow: the run has ended and its `final` event is included or already behind `after`. */
  done: boolean;
}

/**
 * Where a run's events come from: Postgres for what the workflow has flushed (and for closed runs), the
 * workflow's query for what is newer. Together they have no gap: the workflow only drops flushed events.
 */
@Injectable()
export class RunEventSource {
  constructor(
    private readonly runs: RunRepository,
    private readonly events: RunEventRepository,
    private readonly workflows: RunWorkflowGateway,
    private readonly metrics: MetricsService,
  ) {}

  /** Events with seq > after, Postgres first, then the live buffer for an open run. */
  async read(runId: string, after: number, limit: number): Promise<EventRead> {
    const stored = await this.readStored(runId, after, limit);
    if (stored.done || stored.events.length >= limit) return stored;
    const last = stored.events.length > 0 ? stored.events[stored.events.length - 1].seq : after;
    const live = await this.readLive(runId, last);
    return { events: [...stored.events, ...live.events].slice(0, limit), done: live.done };
  }

  /** Newer events from the workflow's query; when the workflow cannot answer (not started, no worker), Postgres. */
  async readLive(runId: string, after: number): Promise<EventRead> {
    try {
      this.metrics.eventQueries.inc();
      const page = await this.workflows.query(runId, eventsQuery, after);
      if (page.firstSeq > after + 1) {
        // The workflow's buffer no longer holds what comes right after `after`; it was flushed first.
        const gap = page.firstSeq - after - 1;
        const older = await this.events.listAfter(runId, after, Math.min(gap, 500));
        // Only join the two when they meet; otherwise the caller asks again from the last older event.
        return older.length === gap ? { events: [...older, ...page.events], done: page.done } : { events: older, done: false };
      }
      return { events: page.events, done: page.done };
    } catch {
      return this.readStored(runId, after, 500);
    }
  }

  async readStored(runId: string, after: number, limit: number): Promise<EventRead> {
    const events = await this.events.listAfter(runId, after, limit);
    if (events.some((event) => event.type === 'final')) return { events, done: true };
    if (events.length > 0) return { events, done: false };
    // The workflow writes a run's terminal status and its final event in one transaction.
    const run = await this.runs.findById(runId);
    return { events, done: !run || isTerminalStatus(run.status) };
  }
}
