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

  constructor(config: ApiConfig) {
    const { address, namespace, taskQueue } = config.values.temporal;
    if (!address) throw new Error('TEMPORAL_ADDRESS is required by the API');
    this.connection = Connection.lazy({ address });
    this.client = new Client({ connection: this.connection, namespace });
    this.namespace = namespace;
    this.taskQueue = taskQueue;
  }

  async ping(timeoutMs: number): Promise<void> {
    await this.connection.withDeadline(Date.now() + timeoutMs, () =>
      this.connection.workflowService.describeNamespace({ namespace: this.namespace }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Global()
@Module({ providers: [TemporalClient], exports: [TemporalClient] })
export class TemporalModule {}
