export interface BackgroundLoopOptions {
  /** Time between the end of one pass and the start of the next. */
  intervalMs: number;
  /**
   * One pass. Answers false to stop re-arming until the next poke (nothing left to poll for); a pass
   * that throws is reported and followed by another after the interval.
   */
  pass(loop: BackgroundLoop): Promise<boolean | void>;
  onError(err: unknown): void;
}

/**
 * A periodic job of the API process (clean-ups, the approval outbox, the run queue): one pass at a time,
 * the timer re-armed after each pass so a slow pass never overlaps the next, a poke that asks for a pass
 * as soon as the current one ends, and a stop that waits for the pass in flight. Its timer never keeps
 * the process alive.
 */
export class BackgroundLoop {
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> | undefined;
  private again = false;
  private started = false;
  private halted = false;

  constructor(private readonly options: BackgroundLoopOptions) {}

  /** Passes can be checked against this to give up early once the loop is stopping. */
  get stopped(): boolean {
    return this.halted;
  }

  start(firstDelayMs = this.options.intervalMs): void {
    if (this.halted) return;
    this.started = true;
    this.arm(firstDelayMs);
  }

  /** A pass as soon as the current one (if any) ends; nothing before start or after stop. */
  poke(): void {
    if (!this.started || this.halted) return;
    if (this.passing) this.again = true;
    else this.arm(0);
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.passing;
  }

  private arm(delayMs: number): void {
    if (this.halted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.again = false;
      this.passing = this.options
        .pass(this)
        .catch((err: unknown) => {
          this.options.onError(err);
          return true;
        })
        .then((more) => {
          this.passing = undefined;
          if (more === false && !this.again) return;
          this.arm(this.again ? 0 : this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
