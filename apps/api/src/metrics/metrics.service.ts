import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { IdempotencyKeyRepository, RunRepository } from '@steadfast/persistence';
import { RUN_STATUSES } from '@steadfast/domain';
import { registerBacklogGauges } from './backlog.gauges';
import { BacklogMonitor } from './backlog.monitor';

/**
 * The API's Prometheus registry. Store-derived gauges (runs by status, idempotency store size) are read
 * from Postgres at scrape time, so every API replica reports the same truth; the task queue's backlog
 * comes from Temporal through a cached snapshot (backlog.gauges.ts).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly runsTotal = new Counter({ name: 'runs_total', help: 'Runs created through this API process', registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly sseOpened = new Counter({ name: 'sse_connections_opened', help: 'SSE connections opened', registers: [this.registry] });
  readonly sseClosed = new Counter({ name: 'sse_connections_closed', help: 'SSE connections closed', registers: [this.registry] });
  readonly sseActive = new Gauge({ name: 'sse_active_connections', help: 'Active SSE connections', registers: [this.registry] });
  readonly sseMessages = new Counter({ name: 'sse_messages_total', help: 'SSE event frames sent', registers: [this.registry] });
  readonly eventQueries = new Counter({
    name: 'run_event_queries_total',
    help: 'Workflow `events` queries sent by this process (live streams and event pages); grows with live runs, not with subscribers',
    registers: [this.registry],
  });
  readonly idempotencyHits = new Counter({ name: 'idempotency_hits_total', help: 'Creates answered from an idempotency key', registers: [this.registry] });
  readonly rateLimitHits = new Counter({
    name: 'rate_limit_hits_total',
    help: 'Requests refused with 429 by this API process, by the limit that refused them',
    labelNames: ['layer'],
    registers: [this.registry],
  });
  readonly runDuration = new Histogram({
    name: 'run_duration_seconds',
    help: 'Time from start to terminal status of runs finished since this process started',
    labelNames: ['status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  private durationWatermark = new Date();

  constructor(runs: RunRepository, idempotencyKeys: IdempotencyKeyRepository, backlog: BacklogMonitor) {
    collectDefaultMetrics({ register: this.registry });
    registerBacklogGauges(this.registry, backlog);
    const observeFinishedRuns = () => this.observeFinishedRuns(runs);
    new Gauge({
      name: 'runs_by_status',
      help: 'Runs in Postgres by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await runs.countByStatus();
        for (const status of RUN_STATUSES) this.set({ status }, counts[status] ?? 0);
        await observeFinishedRuns();
      },
    });
    new Gauge({
      name: 'idempotency_store_size',
      help: 'Unexpired idempotency keys',
      registers: [this.registry],
      async collect() {
        this.set(await idempotencyKeys.countActive());
      },
    });
  }

  /** Workers finish runs, not the API, so durations are picked up from Postgres on each scrape. */
  private async observeFinishedRuns(runs: RunRepository): Promise<void> {
    const finished = await runs.finishedSince(this.durationWatermark);
    for (const run of finished) {
      this.runDuration.observe({ status: run.status }, (run.completedAt.getTime() - run.startedAt.getTime()) / 1000);
      if (run.completedAt > this.durationWatermark) this.durationWatermark = run.completedAt;
    }
  }
}
