import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RunEventNews } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { RunEventSource } from './run-event-source';
import { RunFeed, type FeedSubscriber } from './run-feed';

/** Keeps at most one RunFeed per run in this process, and the open streams it serves. */
@Injectable()
export class RunEventHub implements BeforeApplicationShutdown {
  private readonly feeds = new Map<string, RunFeed>();
  private readonly streams = new Set<{ end(): void }>();

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

  /** The worker's news: the feeds this process has for those runs read now, ended runs from Postgres. */
  wake(news: RunEventNews): void {
    for (const runId of news.live) this.feeds.get(runId)?.wake('live');
    for (const runId of news.ended) this.feeds.get(runId)?.wake('stored');
  }

  /** Number of runs being polled, for tests and metrics. */
  get activeFeeds(): number {
    return this.feeds.size;
  }

  /** Registers an open response so shutdown can end it; returns the function that forgets it. */
  track(stream: { end(): void }): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /**
   * Ends every open stream before the HTTP server closes, so shutdown does not wait on long-lived
   * responses; clients reconnect to another process with Last-Event-ID and lose nothing.
   */
  beforeApplicationShutdown(): void {
    for (const feed of [...this.feeds.values()]) feed.stop();
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }
}
