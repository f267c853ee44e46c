import type { RunEvent } from '@steadfast/domain';
import type { RunEventSource } from './run-event-source';

export interface FeedSubscriber {
  /** Last seq this subscriber has seen; it receives only newer events, in order. */
  cursor: number;
  deliver(events: RunEvent[], done: boolean): void;
}

const CACHE_LIMIT = 2000;

/** Where a tick reads: the workflow's query (with Postgres behind it), or Postgres alone for an ended run. */
type EventOrigin = 'live' | 'stored';

/**
 * One poller per run per API process: it queries the workflow when the worker says there are new events
 * (wake) and otherwise once per poll interval, and fans the new events out to every subscriber, so query
 * load does not grow with the number of subscribers.
 */
export class RunFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly cache: RunEvent[] = [];
  private lastSeq: number;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A wake-up arrived while a tick was in flight: that tick may have read too early, so tick again. */
  private again: EventOrigin | undefined;

  constructor(
    readonly runId: string,
    startAfter: number,
    private readonly source: RunEventSource,
    private readonly intervalMs: number,
    private readonly onIdle: (feed: RunFeed) => void,
  ) {
    this.lastSeq = startAfter;
  }

  get size(): number {
    return this.subscribers.size;
  }

  async subscribe(subscriber: FeedSubscriber): Promise<void> {
    await this.readGap(subscriber);
    // From here on nothing awaits, so no tick can interleave and deliver out of order.
    const cached = this.cache.filter((event) => event.seq > subscriber.cursor);
    this.subscribers.add(subscriber);
    if (cached.length > 0 || this.done) subscriber.deliver(cached, this.done);
    if (!this.timer && !this.done) this.timer = setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  /**
   * The worker said the run has new events: read them now rather than at the next poll; from Postgres
   * when the run has ended (its log is complete there, and its workflow may be closed).
   */
  wake(from: EventOrigin): void {
    if (this.polling) this.again = this.again === 'stored' ? 'stored' : from;
    else void this.tick(from);
  }

  unsubscribe(subscriber: FeedSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.onIdle(this);
  }

  /** A subscriber behind the feed's cache (a resume from an old Last-Event-ID) reads its gap itself. */
  private async readGap(subscriber: FeedSubscriber): Promise<void> {
    for (;;) {
      const cacheStart = this.cache.length > 0 ? this.cache[0].seq : this.lastSeq + 1;
      if (subscriber.cursor + 1 >= cacheStart) return;
      const gap = await this.source.read(this.runId, subscriber.cursor, 500);
      const events = gap.events.filter((event) => event.seq < cacheStart);
      if (events.length === 0) return;
      subscriber.deliver(events, false);
    }
  }

  private async tick(from: EventOrigin = 'live'): Promise<void> {
    if (this.polling || this.done) return;
    this.polling = true;
    try {
      const read = from === 'stored' ? await this.source.readStored(this.runId, this.lastSeq, 500) : await this.source.readLive(this.runId, this.lastSeq);
      const fresh = read.events.filter((event) => event.seq > this.lastSeq);
      if (fresh.length > 0) {
        this.lastSeq = fresh[fresh.length - 1].seq;
        this.cache.push(...fresh);
        if (this.cache.length > CACHE_LIMIT) this.cache.splice(0, this.cache.length - CACHE_LIMIT);
      }
      this.done = read.done;
      // A long log comes from Postgres a page at a time.
      if (from === 'stored' && !read.done && fresh.length > 0) this.again = 'stored';
      if (fresh.length > 0 || this.done) {
        for (const subscriber of this.subscribers) {
          subscriber.deliver(
            fresh.filter((event) => event.seq > subscriber.cursor),
            this.done,
          );
        }
      }
      if (this.done && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    } catch {
      // Postgres and Temporal both failed this tick; the next tick tries again.
    } finally {
      this.polling = false;
      const again = this.again;
      this.again = undefined;
      if (again && !this.done) void this.tick(again);
    }
  }
}
