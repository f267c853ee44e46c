import type { RunProblem } from '../support/run-invariants';
import type { ProcessSample } from './process-sampler';
import type { SoakResult } from './soak-result';
import { STREAM_ROUTE } from './sse-follower';
import { ROUTES } from './traffic';

const SHOWN_GROUPS = 10;
const ROUTE_ORDER: string[] = [ROUTES.create, ROUTES.replay, ROUTES.cancel, ROUTES.get, ROUTES.list, STREAM_ROUTE];
const rank = (route: string) => (ROUTE_ORDER.includes(route) ? ROUTE_ORDER.indexOf(route) : ROUTE_ORDER.length);
const ms = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(1)).padStart(9);
const secs = (n: number | null) => (n === null ? '-' : `${n.toFixed(1)} s`);
const pct = (share: number) => `${Math.round(share * 100)}%`;
const label = (name: string) => `  ${name.padEnd(14)}`;

function header(result: SoakResult): string[] {
  const { options: o, machine: m, requests: r } = result;
  const kill = o.killWorkerAtS === undefined ? '' : `; worker SIGKILLed at ${o.killWorkerAtS} s`;
  return [
    `Steadfast soak: ${o.durationS} s at ${o.rate} creates/s (${pct(o.tokenReuse)} token replays, ${pct(o.cancelShare)} of runs cancelled), ` +
      `${o.readRate} reads/s, ${o.sseClients} SSE clients${kill}`,
    `${label('machine')}${m.cores} cores; 1-minute load average ${m.loadAverageAtStart.toFixed(1)} at the start, ${m.loadAverageAtEnd.toFixed(1)} at the end`,
    '',
    `${label('requests')}${r.sent} sent in ${result.loadS.toFixed(1)} s = ${r.ratePerS.toFixed(1)}/s: ` +
      `creates ${r.createsPerS.toFixed(1)}/s (target ${o.rate}), ` +
      `reads ${r.readsPerS.toFixed(1)}/s (target ${o.readRate}), cancels on top; ${r.dropped} dropped at the in-flight cap (${o.maxInFlight})`,
  ];
}

function routes(result: SoakResult): string[] {
  const rows = Object.entries(result.routes)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([route, x]) => {
      const codes = Object.entries(x.statuses).map(([code, n]) => `${code}: ${n}`);
      return `  ${route.padEnd(34)}${String(x.n).padStart(7)}${ms(x.p50)}${ms(x.p95)}${ms(x.p99)}   ${codes.join(', ')}`;
    });
  return [`  ${'route'.padEnd(34)}${'n'.padStart(7)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}   status codes`, ...rows];
}

function outcomes(result: SoakResult): string[] {
  const { streams: s, workerRestart: restart } = result;
  const replays = result.routes[ROUTES.replay]?.n ?? 0;
  const lines = [
    `${label('idempotency')}${result.idempotencyHits} of ${replays} replays answered 200 with the original run`,
    `${label('cancels')}${result.cancels.accepted} accepted (202), ${result.cancels.refused} refused (409: already finished)`,
    `${label('SSE')}${s.completed} of ${s.opened} streams followed to their final event, ${s.events} events; ${s.gaps} gaps, ${s.duplicates} duplicates, ` +
      `${s.reconnects} resumed, ${s.broken} broken, ${s.timedOut} given up at the deadline (${s.missedFinals} missed a final), ${s.cutAtEnd} cut at the end`,
  ];
  if (restart) {
    const outcome = restart.error ? `restart FAILED: ${restart.error}` : `new worker up after ${restart.tookS?.toFixed(1)} s`;
    lines.push(`${label('worker')}SIGKILL at ${restart.atS} s; ${outcome}`);
  }
  return lines;
}

function processTable(result: SoakResult, title: string, value: (sample: ProcessSample, name: string) => number | null): string[] {
  const samples = result.processes;
  if (samples.length === 0) return [];
  const head = `  ${title.padEnd(12)}${samples.map((s) => `t=${s.atS}s`.padStart(8)).join('')}`;
  const cells = (name: string) => samples.map((s) => String(value(s, name) ?? '-').padStart(8)).join('');
  const rows = Object.keys(samples[0].mb).map((name) => `  ${name.padEnd(12)}${cells(name)}`);
  return [head, ...rows];
}

/** Problems grouped by what is wrong (the texts name no run), the largest group first, with a few runs of each. */
function problems(title: string, list: RunProblem[]): string[] {
  if (list.length === 0) return [];
  const groups = new Map<string, string[]>();
  for (const { runId, problem } of list) groups.set(problem, [...(groups.get(problem) ?? []), runId]);
  const rows = [...groups].sort(([, a], [, b]) => b.length - a.length);
  const shown = rows.slice(0, SHOWN_GROUPS).map(([problem, ids]) => {
    const examples = `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', ...' : ''}`;
    return `    ${String(ids.length).padStart(5)} x ${problem}   (${examples})`;
  });
  const more = rows.length > SHOWN_GROUPS ? [`    ... and ${rows.length - SHOWN_GROUPS} more kinds`] : [];
  return [`  ${title} (${list.length}):`, ...shown, ...more];
}

function runs(result: SoakResult): string[] {
  const { runs: r, invariants: inv, errors: e } = result;
  const waited = r.settledAfterS.toFixed(1);
  const settled = r.stillOpenAfterSettle === 0 ? `all ended ${waited} s after the load` : `${r.stillOpenAfterSettle} still open after ${waited} s`;
  const byStatus = Object.entries(r.byStatus).map(([status, x]) => {
    const took = x.p50S === null ? '' : `   created -> ended p50 ${secs(x.p50S)}, p95 ${secs(x.p95S)}, max ${secs(x.maxS)}`;
    return `    ${status.padEnd(22)}${String(x.n).padStart(6)}${took}`;
  });
  return [
    `${label('runs')}${r.inDatabase} (${r.created} answered 201, ${r.unknownToClient} created without the client learning of it); ${settled}`,
    ...byStatus,
    `${label('invariants')}${inv.checked} checked: ${inv.unsettled.length} not settled, ${inv.wrongStatus.length} wrong terminal status, ` +
      `${inv.problems.length} other problems`,
    ...problems('not settled', inv.unsettled),
    ...problems('wrong terminal status', inv.wrongStatus),
    ...problems('other problems', inv.problems),
    `${label('errors')}${e.total} (5xx ${e.server}, network ${e.network}, unexpected answers ${e.unexpected}, ` +
      `streams ${e.streams}, worker restart ${e.workerRestart})`,
    ...result.errorExamples.map((text) => `    ${text}`),
  ];
}

/** The soak's readable report; the caller prints the SOAK_RESULT JSON line after it. */
export function formatReport(result: SoakResult): string {
  const sections = [
    header(result),
    routes(result),
    outcomes(result),
    [...processTable(result, 'RSS (MB)', (sample, name) => sample.mb[name]), ...processTable(result, 'CPU (%)', (sample, name) => sample.cpu[name])],
    runs(result),
    [`${label('result')}${result.ok ? 'PASS' : 'FAIL'}`],
  ];
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

/** The machine-readable line; problem lists are cut short so one bad soak does not print megabytes. */
export function resultLine(result: SoakResult): string {
  const inv = result.invariants;
  const cut = (list: RunProblem[]) => list.slice(0, 100);
  const counts = { unsettled: inv.unsettled.length, wrongStatus: inv.wrongStatus.length, problems: inv.problems.length };
  const invariants = { ...inv, unsettled: cut(inv.unsettled), wrongStatus: cut(inv.wrongStatus), problems: cut(inv.problems) };
  return `SOAK_RESULT ${JSON.stringify({ ...result, invariants, counts })}`;
}
