import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RunEventListener } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { RunEventHub } from './run-event-hub';

/**
 * Listens for the worker's "new events" notifications and wakes the matching feeds, so a live stream's
 * lag is a query's round trip rather than up to a poll interval.
 */
@Injectable()
export class RunEventWakeups implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunEventWakeups.name);
  private listener: RunEventListener | undefined;

  constructor(
    private readonly hub: RunEventHub,
    private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.values.database.url;
    if (!url) return;
    this.listener = new RunEventListener({
      url,
      onNews: (news) => this.hub.wake(news),
      onError: (err) => this.logger.warn({ err }, 'run-event notifications lost; streams poll until they are back'),
    });
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }
}
