import type { RateFinderOptions } from './rate-finder';

export interface SoakOptions {
  /** Create requests per second (fresh creates and token replays together). */
  rate: number;
  durationS: number;
  sseClients: number;
  /** Share of create requests that replay an earlier request's client_token with the same body. */
  tokenReuse: number;
  /** Share of created runs cancelled 0.3-1.5 s after creation. */
  cancelShare: number;
  /** How long to wait after the load for the soak's runs to finish before checking them. */
  settleS: number;
  /** When set, the worker is SIGKILLed at this second of the load and a new one started. */
  killWorkerAtS?: number;
  /** Reads per second, half GET /api/runs/:id and half GET /api/runs?limit=20. */
  readRate: number;
  /** Requests in flight at most; a request due while the cap is reached is dropped and counted. */
  maxInFlight: number;
  requestTimeoutMs: number;
  /** A stream that has not reached its final event by then is given up (the run is judged by the invariant check). */
  streamTimeoutMs: number;
  /** Progress lines while the soak runs; quiet when absent. */
  log?: (line: string) => void;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean = (n) => n >= 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name}=${raw} is not a valid value`);
  return value;
}

const share = (n: number) => n >= 0 && n <= 1;

/** The soak's settings from SOAK_* variables; defaults follow the stress profile (20 creates/s, 30 streams, 30% replays, 10% cancels). */
export function soakOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SoakOptions {
  const rate = numberFrom(env, 'SOAK_RATE', 20, (n) => n > 0);
  const killAt = env.SOAK_KILL_WORKER_AT_S;
  return {
    rate,
    durationS: numberFrom(env, 'SOAK_DURATION_S', 60, (n) => n > 0),
    sseClients: numberFrom(env, 'SOAK_SSE_CLIENTS', 30, Number.isInteger),
    tokenReuse: numberFrom(env, 'SOAK_TOKEN_REUSE', 0.3, share),
    cancelShare: numberFrom(env, 'SOAK_CANCEL_SHARE', 0.1, share),
    settleS: numberFrom(env, 'SOAK_SETTLE_S', 60),
    killWorkerAtS: killAt === undefined || killAt === '' ? undefined : numberFrom(env, 'SOAK_KILL_WORKER_AT_S', 0),
    readRate: numberFrom(env, 'SOAK_READ_RATE', rate / 2),
    maxInFlight: numberFrom(env, 'SOAK_MAX_IN_FLIGHT', 200, (n) => Number.isInteger(n) && n > 0),
    requestTimeoutMs: 30_000,
    streamTimeoutMs: 60_000,
  };
}

/** The rate finder's settings from SOAK_FIND_* variables; undefined when SOAK_FIND_RATE=0 turns it off. */
export function rateFinderOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<RateFinderOptions, 'processes' | 'log'> | undefined {
  if (env.SOAK_FIND_RATE === '0') return undefined;
  return {
    fromRate: numberFrom(env, 'SOAK_FIND_FROM', 4, (n) => n > 0),
    growth: 1.5,
    maxRate: numberFrom(env, 'SOAK_FIND_MAX', 200, (n) => n > 0),
    refineSteps: numberFrom(env, 'SOAK_FIND_REFINE', 2, Number.isInteger),
    stepS: numberFrom(env, 'SOAK_FIND_STEP_S', 20, (n) => n > 0),
    delayMs: numberFrom(env, 'SOAK_FIND_DELAY_MS', 2000),
    lagLimitMs: numberFrom(env, 'SOAK_FIND_LAG_MS', 2000, (n) => n > 0),
    drainLimitS: 180,
    maxInFlight: numberFrom(env, 'SOAK_MAX_IN_FLIGHT', 200, (n) => Number.isInteger(n) && n > 0),
  };
}
