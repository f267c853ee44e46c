import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { RunEventSource } from './run-event-source';
import { RunFeed, type FeedSubscriber } from './run-feed';

/** Keeps at most one RunFeed per run in this process. */
@Injectable()
export class RunEventHub implements OnApplicationShutdown {
  private readonly feeds = new Map<string, RunFeed>();

  constructor(
    private readonly source: RunEventSource,
    private readonly config: ApiConfig,
  ) {}

  async subscribe(runId: string, subscriber: FeedSubscriber): Promise<() => void> {
    let feed = this.feeds.get(runId);
    if (!feed) {
      feed = new RunFeed(runId, subscriber.cursor, this.source, this.config.values.stream.pollIntervalMs, (idle) => {
        if (this.feeds.get(runId) === idle && idle.size === 0) this.feeds.delete(runId);
      });
      this.feeds.set(runId, feed);
    }
    const joined = feed;
    await joined.subscribe(subscriber);
    return () => joined.unsubscribe(subscriber);
  }

  /** Number of runs being polled, for tests and metrics. */
  get activeFeeds(): number {
    return this.feeds.size;
  }

  onApplicationShutdown(): void {
    for (const feed of this.feeds.values()) feed.stop();
  }
}
