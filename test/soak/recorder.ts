import { percentile } from '../bench/stats';

export interface RouteSummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  /** Status code (or "network") -> count. */
  statuses: Record<string, number>;
}

export interface ErrorCounts {
  /** 5xx answers. */
  server: number;
  /** No answer: refused, reset or past the request timeout. */
  network: number;
  /** An answer the route should never give here, e.g. a replay that created a new run. */
  unexpected: number;
}

/** Latencies and status codes per route, and every answer that counts as an error. */
export class Recorder {
  private readonly latencies = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<string, number>>();
  readonly errors: ErrorCounts = { server: 0, network: 0, unexpected: 0 };
  /** The first few errors in words, so a failed soak says what went wrong. */
  readonly examples: string[] = [];

  record(route: string, status: number | 'network', ms: number, expected: boolean, detail = ''): void {
    const perRoute = this.statuses.get(route) ?? new Map<string, number>();
    this.statuses.set(route, perRoute);
    perRoute.set(String(status), (perRoute.get(String(status)) ?? 0) + 1);
    if (status !== 'network') {
      const samples = this.latencies.get(route) ?? [];
      this.latencies.set(route, samples);
      samples.push(ms);
    }
    if (status === 'network') this.errors.network++;
    else if (status >= 500) this.errors.server++;
    else if (!expected) this.errors.unexpected++;
    else return;
    this.example(`${route} -> ${status}${detail ? `: ${detail}` : ''}`);
  }

  example(text: string): void {
    if (this.examples.length < 20) this.examples.push(text);
  }

  summary(): Record<string, RouteSummary> {
    const out: Record<string, RouteSummary> = {};
    for (const [route, statuses] of this.statuses) {
      const sorted = [...(this.latencies.get(route) ?? [])].sort((a, b) => a - b);
      out[route] = {
        n: [...statuses.values()].reduce((a, b) => a + b, 0),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        statuses: Object.fromEntries(statuses),
      };
    }
    return out;
  }
}
