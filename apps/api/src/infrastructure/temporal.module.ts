import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ApiConfig } from '../config/api-config';

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
    const call = this.connection.withDeadline(Date.now() + timeoutMs, () =>
      this.connection.workflowService.describeNamespace({ namespace: this.namespace }),
    );
    this.inFlight.add(call);
    try {
      await call;
    } finally {
      this.inFlight.delete(call);
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
