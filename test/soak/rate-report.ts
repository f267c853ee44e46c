import type { RateFinderOptions, RateFinding } from './rate-finder';

export interface RateComparison {
  options: Omit<RateFinderOptions, 'processes' | 'log'>;
  steadfast: RateFinding;
  raw: RateFinding;
  /** Steadfast's sustained rate over raw Temporal's, measured in the same run on the same stack. */
  ratio: number;
}

const cpuCell = (name: string, value: string) => value.padStart(Math.max(8, name.length + 3));
const num = (n: number, digits = 0) => (Number.isNaN(n) ? '-' : n.toFixed(digits));

/** The rate finder's readable report: both sustained rates, their ratio, and every step tried. */
export function formatRateReport(result: RateComparison): string {
  const o = result.options;
  const names = [...new Set([...result.steadfast.steps, ...result.raw.steps].flatMap((step) => Object.keys(step.cpu)))];
  const head =
    `  ${'subject'.padEnd(14)}${'rate/s'.padStart(8)}${'achieved'.padStart(10)}${'lag p50'.padStart(9)}${'p95'.padStart(8)}${'max'.padStart(8)}` +
    `${'drain s'.padStart(9)}  ${'verdict'.padEnd(10)}` +
    names.map((name) => cpuCell(name, `${name} %`)).join('');
  const rows = [result.steadfast, result.raw].flatMap((finding) =>
    finding.steps.map(
      (s) =>
        `  ${finding.name.padEnd(14)}${num(s.rate, 1).padStart(8)}${num(s.achievedPerS, 1).padStart(10)}${num(s.p50LagMs).padStart(9)}` +
        `${num(s.p95LagMs).padStart(8)}${num(s.maxLagMs).padStart(8)}${num(s.drainS, 1).padStart(9)}  ${(s.sustained ? 'kept up' : 'behind').padEnd(10)}` +
        names.map((name) => cpuCell(name, String(s.cpu[name] ?? '-'))).join(''),
    ),
  );
  return [
    `Sustained rate: runs of echo -> ${o.delayMs} ms timer -> echo, ${o.stepS} s steps from ${o.fromRate}/s; ` +
      `a rate is kept up with when every run closes and the p95 lag (request to close, less the timer) is at most ${o.lagLimitMs} ms`,
    `  ${'Steadfast'.padEnd(14)}${result.steadfast.sustainedPerS.toFixed(1)} runs/s (POST /api/runs, start: true)`,
    `  ${'raw Temporal'.padEnd(14)}${result.raw.sustainedPerS.toFixed(1)} runs/s (client.workflow.start of the same shape, same server and worker)`,
    `  ${'ratio'.padEnd(14)}${result.ratio.toFixed(2)}`,
    '',
    head,
    ...rows,
  ].join('\n');
}

export const rateResultLine = (result: RateComparison) => `RATE_RESULT ${JSON.stringify(result)}`;
