import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../bench/stats';
import { OpenLoop } from './open-loop';
import { sampleProcesses, type ProcessRef } from './process-sampler';

/** One side of the comparison: how to ask for one run, and the workflow type its executions have. */
export interface RateSubject {
  name: string;
  workflowType: string;
  /** Asks for run `i`; answers its workflow id, or undefined when the request was refused or failed. */
  start(i: number): Promise<string | undefined>;
}

export interface RateFinderOptions {
  /** The first rate tried (runs/s); each sustained rate is followed by one `growth` times higher. */
  fromRate: number;
  growth: number;
  maxRate: number;
  /** Steps halving the gap between the highest sustained rate and the lowest failed one. */
  refineSteps: number;
  stepS: number;
  /** The timer of every run; a run's lag is its time from request to close, less this. */
  delayMs: number;
  /** A rate is sustained when the p95 lag of its runs stays within this. */
  lagLimitMs: number;
  /** How long after a step's load its runs may take to close before the search stops. */
  drainLimitS: number;
  maxInFlight: number;
  processes?: () => Record<string, ProcessRef>;
  log?: (line: string) => void;
}

export interface RateStep {
  rate: number;
  sent: number;
  accepted: number;
  dropped: number;
  /** Runs whose workflow closed, of those accepted. */
  closed: number;
  achievedPerS: number;
  p50LagMs: number;
  p95LagMs: number;
  maxLagMs: number;
  /** Seconds from the end of the load until the last run closed. */
  drainS: number;
  /** % of one core per process over the step's load. */
  cpu: Record<string, number | null>;
  sustained: boolean;
}

export interface RateFinding {
  name: string;
  /** The highest rate tried that was sustained (0 if none was). */
  sustainedPerS: number;
  steps: RateStep[];
}

const roundRate = (rate: number) => Math.round(rate * 2) / 2;

/**
 * The highest rate of new runs a stack keeps up with: open-loop requests at a fixed rate for one step,
 * then each run's lag (request to close, less its timer) from Temporal's own close times. A rate whose runs
 * fall behind shows a lag that grows through the step, so its p95 passes any fixed limit.
 */
export async function findSustainedRate(client: Client, subject: RateSubject, options: RateFinderOptions): Promise<RateFinding> {
  const log = options.log ?? (() => undefined);
  let counter = 0;
  const { sustainedPerS, steps } = await searchSustainedRate(options, async (rate) => {
    const step = await measureStep(client, subject, options, rate, () => counter++);
    log(
      `${subject.name} at ${rate}/s: ${step.accepted}/${step.sent} accepted (${step.achievedPerS.toFixed(1)}/s), lag p50 ${step.p50LagMs.toFixed(0)} ms ` +
        `p95 ${step.p95LagMs.toFixed(0)} ms, last closed ${step.drainS.toFixed(1)} s after the load: ${step.sustained ? 'sustained' : 'behind'}`,
    );
    return step;
  });
  return { name: subject.name, sustainedPerS, steps };
}

/**
 * The search: grows the rate geometrically until a rate fails twice in a row, then bisects between the
 * last good and the first bad rate. A step near the limit can fail on one pause of the machine (a GC, a
 * checkpoint of the server's SQLite file), and the search stops at the first failure, so a failure
 * counts only when the same rate fails again.
 */
export async function searchSustainedRate<S extends { sustained: boolean }>(
  options: Pick<RateFinderOptions, 'fromRate' | 'growth' | 'maxRate' | 'refineSteps'>,
  measure: (rate: number) => Promise<S>,
): Promise<{ sustainedPerS: number; steps: S[] }> {
  const steps: S[] = [];
  const once = async (rate: number) => {
    const step = await measure(rate);
    steps.push(step);
    return step.sustained;
  };
  const holds = async (rate: number) => (await once(rate)) || once(rate);
  let good = 0;
  let bad: number | undefined;
  for (let rate = options.fromRate; rate <= options.maxRate; rate = roundRate(rate * options.growth)) {
    if (!(await holds(rate))) {
      bad = rate;
      break;
    }
    good = rate;
  }
  for (let i = 0; bad !== undefined && i < options.refineSteps; i++) {
    const mid = roundRate((good + bad) / 2);
    if (mid <= good || mid >= bad) break;
    if (await holds(mid)) good = mid;
    else bad = mid;
  }
  return { sustainedPerS: good, steps };
}

async function measureStep(client: Client, subject: RateSubject, options: RateFinderOptions, rate: number, next: () => number): Promise<RateStep> {
  const loop = new OpenLoop(options.maxInFlight);
  const sentAt = new Map<string, number>();
  const began = performance.now();
  // Sampled at the start and at stop only (the interval outlasts the step): CPU over the step's load.
  const sampler = options.processes ? sampleProcesses(options.processes, began, options.stepS * 1000 * 10) : undefined;
  const tick = () =>
    loop.fire(async () => {
      const at = Date.now();
      const id = await subject.start(next());
      if (id !== undefined) sentAt.set(id, at);
    });
  await loop.every(rate, began + options.stepS * 1000, tick);
  const cpuSamples = await sampler?.stop();
  await loop.drain();
  const loadEnded = Date.now();
  const open = await waitClosed(client, subject.workflowType, options.drainLimitS);

  const lags: number[] = [];
  let lastClose = loadEnded;
  const earliest = new Date(Math.min(...sentAt.values(), loadEnded) - 1000).toISOString();
  for await (const execution of client.workflow.list({ query: `WorkflowType = "${subject.workflowType}" AND StartTime >= "${earliest}"` })) {
    const at = sentAt.get(execution.workflowId);
    if (at === undefined || !execution.closeTime) continue;
    lags.push(execution.closeTime.getTime() - at - options.delayMs);
    lastClose = Math.max(lastClose, execution.closeTime.getTime());
  }
  lags.sort((a, b) => a - b);
  const p95 = percentile(lags, 95);
  const accepted = sentAt.size;
  const achievedPerS = accepted / options.stepS;
  return {
    rate,
    sent: loop.sent,
    accepted,
    dropped: loop.dropped,
    closed: lags.length,
    achievedPerS,
    p50LagMs: percentile(lags, 50),
    p95LagMs: p95,
    maxLagMs: lags[lags.length - 1] ?? Number.NaN,
    drainS: (lastClose - loadEnded) / 1000,
    cpu: cpuSamples?.[cpuSamples.length - 1]?.cpu ?? {},
    sustained:
      open === 0 && loop.dropped === 0 && accepted === loop.sent && lags.length === accepted && achievedPerS >= 0.95 * rate && p95 <= options.lagLimitMs,
  };
}

/** Waits until no execution of the type is open; answers how many still were at the limit. */
async function waitClosed(client: Client, workflowType: string, limitS: number): Promise<number> {
  const until = performance.now() + limitS * 1000;
  for (;;) {
    const { count } = await client.workflow.count(`WorkflowType = "${workflowType}" AND ExecutionStatus = "Running"`);
    if (count === 0 || performance.now() >= until) return count;
    await sleep(500);
  }
}
