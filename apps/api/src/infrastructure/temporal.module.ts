import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ApiConfig } from '../config/api-config';

export type TaskQueueKind = 'workflow' | 'activity';

/** One task queue type's stats, as DescribeTaskQueue reports them (approximate, converging). */
export interface TaskQueueStats {
  backlog: number;
  /** Age of the task at the head of the backlog; 0 when nothing waits. */
  backlogAgeMs: number;
  /** Tasks per second added and dispatched, averaged by the server over about 30 s. */
  addRate: number;
  dispatchRate: number;
}

const TASK_QUEUE_TYPES: Record<TaskQueueKind, temporal.api.enums.v1.TaskQueueType> = {
  workflow: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  activity: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
};

/** The API's Temporal client. The connection is lazy, so the API starts (and /ready says 503) while Temporal is down. */
@Injectable()
export class TemporalClient implements OnApplicationShutdown {
  readonly client: Client;
  readonly namespace: string;
  readonly taskQueue: string;
  private readonly connection: Connection;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(config: ApiConfig) {
    const { address, namespace, taskQueue } = config.values.temporal;
    if (!address) throw new Error('TEMPORAL_ADDRESS is required by the API');
    this.connection = Connection.lazy({ address });
    this.client = new Client({ connection: this.connection, namespace });
    this.namespace = namespace;
    this.taskQueue = taskQueue;
  }

  async ping(timeoutMs: number): Promise<void> {
    await this.tracked(timeoutMs, () => this.connection.workflowService.describeNamespace({ namespace: this.namespace }));
  }

  /**
   * The run task queue's stats for one task type. `reportStats` in the default API mode needs a recent
   * server (the 1.9 CLI's dev server is 1.32); the server caches the answer for about 5 s itself.
   */
  async taskQueueStats(kind: TaskQueueKind, timeoutMs: number): Promise<TaskQueueStats> {
    const { stats } = await this.tracked(timeoutMs, () =>
      this.connection.workflowService.describeTaskQueue({
        namespace: this.namespace,
        taskQueue: { name: this.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPES[kind],
        reportStats: true,
      }),
    );
    if (!stats) throw new Error('the Temporal server reports no task queue stats (DescribeTaskQueue with reportStats needs a newer server)');
    const age = stats.approximateBacklogAge;
    return {
      backlog: Number(stats.approximateBacklogCount ?? 0),
      backlogAgeMs: age ? Number(age.seconds ?? 0) * 1000 + Math.round((age.nanos ?? 0) / 1e6) : 0,
      addRate: stats.tasksAddRate ?? 0,
      dispatchRate: stats.tasksDispatchRate ?? 0,
    };
  }

  private async tracked<T>(timeoutMs: number, call: () => Promise<T>): Promise<T> {
    const pending = this.connection.withDeadline(Date.now() + timeoutMs, call);
    this.inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.inFlight.delete(pending);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // A retrying call on a closed channel throws outside any caller: let probes finish first.
    await Promise.allSettled([...this.inFlight]);
    await this.connection.close();
  }
}

@Global()
@Module({ providers: [TemporalClient], exports: [TemporalClient] })
export class TemporalModule {}
