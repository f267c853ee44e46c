import { Gauge, type Registry } from 'prom-client';
import type { TaskQueueKind, TaskQueueStats } from '../infrastructure/temporal.module';
import { SCRAPE_WAIT_MS, type BacklogMonitor, type BacklogSnapshot } from './backlog.monitor';

const KINDS: TaskQueueKind[] = ['workflow', 'activity'];

/**
 * The backlog gauges (docs/operations.md). Every gauge reads the monitor's shared snapshot, so a scrape
 * costs Temporal nothing while the snapshot is fresh. A value the last check could not get is left out,
 * never carried over: `steadfast_task_queue_stats_up` says whether the task queue numbers are current.
 */
export function registerBacklogGauges(registry: Registry, monitor: BacklogMonitor): void {
  const perQueue = (name: string, help: string, value: (stats: TaskQueueStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['task_queue', 'type'],
      registers: [registry],
      async collect() {
        this.reset();
        const snapshot = await monitor.snapshot(SCRAPE_WAIT_MS);
        for (const type of KINDS) {
          const stats = snapshot?.[type];
          if (stats) this.set({ task_queue: monitor.taskQueue, type }, value(stats));
        }
      },
    });
  perQueue('steadfast_task_queue_backlog', 'Tasks waiting for a worker on the run task queue (Temporal DescribeTaskQueue, approximate)', (s) => s.backlog);
  perQueue('steadfast_task_queue_backlog_age_seconds', 'Age of the oldest task waiting on the run task queue; 0 when none waits', (s) => s.backlogAgeMs / 1000);
  const averaged = "(the server's average over about 30 s)";
  perQueue('steadfast_task_queue_add_rate', `Tasks per second added to the run task queue ${averaged}`, (s) => s.addRate);
  perQueue('steadfast_task_queue_dispatch_rate', `Tasks per second handed to workers from the run task queue ${averaged}`, (s) => s.dispatchRate);

  new Gauge({
    name: 'steadfast_runs_waiting',
    help: 'Runs waiting to execute: for a worker (workflow tasks in the backlog) or for a slot of their tenant (status queued)',
    labelNames: ['waiting_for'],
    registers: [registry],
    async collect() {
      this.reset();
      const snapshot = await monitor.snapshot(SCRAPE_WAIT_MS);
      if (snapshot?.workflow) this.set({ waiting_for: 'worker' }, snapshot.workflow.backlog);
      if (snapshot?.queuedRuns !== undefined) this.set({ waiting_for: 'tenant_slot' }, snapshot.queuedRuns);
    },
  });

  new Gauge({
    name: 'steadfast_task_queue_stats_up',
    help: '1 when the last backlog check reached Temporal, 0 when it did not (the task queue gauges are then absent)',
    labelNames: ['task_queue'],
    registers: [registry],
    async collect() {
      this.set({ task_queue: monitor.taskQueue }, temporalAnswered(await monitor.snapshot(SCRAPE_WAIT_MS)) ? 1 : 0);
    },
  });
}

function temporalAnswered(snapshot: BacklogSnapshot | undefined): boolean {
  return snapshot?.workflow !== undefined && snapshot.activity !== undefined;
}
