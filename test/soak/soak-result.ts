import type { InvariantReport } from '../support/run-invariants';
import type { RouteSummary } from './recorder';
import type { ProcessSample } from './process-sampler';
import type { SoakOptions } from './soak-options';
import type { StreamStats } from './sse-follower';

/** Everything a soak measured; printed as the report and, as JSON, on the SOAK_RESULT line. */
export interface SoakResult {
  options: SoakOptions;
  /** The tag every run of this soak carries. */
  tag: string;
  /** 1-minute load averages: other work on the machine skews every figure here. */
  machine: { cores: number; loadAverageAtStart: number; loadAverageAtEnd: number };
  loadS: number;
  /** Rates over the load phase; cancels come on top of the creates, some after it. */
  requests: { sent: number; dropped: number; ratePerS: number; createsPerS: number; readsPerS: number };
  routes: Record<string, RouteSummary>;
  idempotencyHits: number;
  cancels: { accepted: number; refused: number };
  streams: Omit<StreamStats, 'timedOut'> & { timedOut: number; missedFinals: number };
  processes: ProcessSample[];
  workerRestart: { atS: number; tookS: number | null; error: string | null } | null;
  runs: {
    created: number;
    inDatabase: number;
    /** Status -> how many, and seconds from creation to the end (null while not ended). */
    byStatus: Record<string, { n: number; p50S: number | null; p95S: number | null; maxS: number | null }>;
    unknownToClient: number;
    settledAfterS: number;
    stillOpenAfterSettle: number;
  };
  invariants: InvariantReport;
  errors: { server: number; network: number; unexpected: number; streams: number; workerRestart: number; total: number };
  errorExamples: string[];
  ok: boolean;
}
