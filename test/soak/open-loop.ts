import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Fires requests by the clock, not when the previous one answered, so a slow server meets the load a real
 * crowd would send rather than a politely slowed one; the in-flight cap keeps a stalled server from
 * piling up unbounded sockets here.
 */
export class OpenLoop {
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  sent = 0;
  dropped = 0;

  constructor(private readonly maxInFlight: number) {}

  get active(): number {
    return this.inFlight;
  }

  fire(task: () => Promise<void>): void {
    if (this.inFlight >= this.maxInFlight) {
      this.dropped++;
      return;
    }
    this.inFlight++;
    this.sent++;
    const done: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight--;
        this.pending.delete(done);
      });
    this.pending.add(done);
  }

  /** Fires `task` once `ms` from now (a cancel some time after its run was created). */
  later(ms: number, task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.fire(task);
    }, ms);
    this.timers.add(timer);
  }

  /** Calls `tick` `ratePerS` times a second until `endAt` (performance.now() time); late ticks catch up at once. */
  async every(ratePerS: number, endAt: number, tick: () => void): Promise<void> {
    if (ratePerS <= 0) return;
    const interval = 1000 / ratePerS;
    let next = performance.now();
    for (;;) {
      const now = performance.now();
      if (now >= endAt) return;
      while (next <= now) {
        tick();
        next += interval;
      }
      await sleep(Math.max(1, Math.min(next, endAt) - performance.now()));
    }
  }

  /** Resolves once every scheduled and in-flight request has finished (each is bounded by its own timeout). */
  async drain(): Promise<void> {
    while (this.timers.size > 0 || this.pending.size > 0) {
      if (this.pending.size > 0) await Promise.all([...this.pending]);
      else await sleep(50);
    }
  }
}
