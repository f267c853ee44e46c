import { from } from 'env-var';
import { resolve } from 'node:path';
import { DEFAULT_BLOCKED_PATHS, SECRET_NAME } from '@steadfast/domain';

/** The task queue API and worker meet on unless TEMPORAL_TASK_QUEUE names another. */
export const DEFAULT_TASK_QUEUE = 'steadfast-runs';

/** The one typed view of the environment; nothing else reads process.env. */
export interface AppConfig {
  http: { host: string; port: number; bodyLimitBytes: number };
  limits: { runInputStringMax: number; runInputObjectMax: number; idempotencyTtlMs: number };
  database: { url: string | undefined };
  /** Token buckets in Postgres, shared by every API process (docs/security.md, "Rate limits"). */
  rateLimit: RateLimitConfig;
  /** Runs a tenant may have active at once; 0 means unlimited. Started runs beyond it wait as `queued`. */
  runQueue: { maxRunningPerTenant: number; dispatchIntervalMs: number };
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    uiUrl: string;
    cliPath: string | undefined;
  };
  stream: { pollIntervalMs: number; keepaliveMs: number };
  /**
   * The run task queue's backlog as /metrics and /health report it: how long a DescribeTaskQueue answer is
   * reused, and the age of the oldest waiting task from which /health warns (docs/operations.md).
   */
  backlog: { checkIntervalMs: number; warnAgeMs: number };
  /** The API's outbox of approval decisions stored but not yet signalled to their run. */
  approvals: { outboxIntervalMs: number; outboxGraceMs: number };
  /** Outbound HTTP from http nodes and agent tools: the SSRF guard's settings. */
  egress: { allowedHosts: string[]; blockedPaths: string[]; maxRedirects: number };
  /** Unset concurrency limits leave the Temporal SDK's defaults (40 workflow tasks, 100 activities). */
  worker: { metricsPort: number; metricsHost: string; maxConcurrentWorkflowTasks: number | undefined; maxConcurrentActivities: number | undefined };
  /** The model provider behind agent nodes: OpenAI or any server speaking its chat-completions API. */
  openai: OpenAiConfig;
  log: { level: LogLevel; pretty: boolean };
  /** `disabled`: every request acts as an admin of the default tenant (development only; logged loudly). */
  auth: { disabled: boolean };
  /** Hostile-input limits the API enforces before a request reaches a controller (docs/security.md). */
  input: { jsonMaxDepth: number; maxHeaderBytes: number };
  /** Browser origins allowed to call the API cross-origin; empty means same-origin only. */
  cors: { origins: string[] };
  /** Worker-side values an http node's headers reference as `{{ secrets.NAME }}`, from STEADFAST_SECRET_<NAME>. */
  secrets: Record<string, string>;
  /** Ports of what `npm start` embeds when DATABASE_URL / TEMPORAL_ADDRESS are unset. */
  embedded: { postgresPort: number; temporalPort: number; temporalUiPort: number };
  dataDir: string;
  version: string;
}

export interface OpenAiConfig {
  apiKey: string | undefined;
  /** Any OpenAI-compatible server (vLLM, Ollama, LM Studio); unset means api.openai.com. */
  baseUrl: string | undefined;
  /** The model an agent node uses when neither it nor its registered agent names one. */
  model: string;
  timeoutMs: number;
  /** The client's own retries of 408/409/429/5xx and connection errors, per model call. */
  maxRetries: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Per API key (per client IP without one): sustained requests per second, and the burst allowed at once. */
  perSec: number;
  burst: number;
  /** All requests of all clients together. */
  globalPerSec: number;
  globalBurst: number;
  /** Run creation per tenant, by the run's number of agent nodes. */
  tiers: { simplePerMin: number; standardPerMin: number; heavyPerMin: number; heavyFromAgents: number };
  /** How often an API process deletes buckets that have refilled (an absent bucket is a full one). */
  cleanupIntervalMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

/** Reads and validates the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = readEnv(source);
  try {
    return {
      http: {
        host: env.get('HOST').default('127.0.0.1').asString(),
        port: env.get('PORT').default('3000').asPortNumber(),
        bodyLimitBytes: env.get('GATEWAY_BODY_LIMIT_BYTES').default('262144').asIntPositive(),
      },
      limits: {
        runInputStringMax: env.get('RUN_INPUT_STRING_MAX').default('65536').asIntPositive(),
        runInputObjectMax: env.get('RUN_INPUT_OBJECT_MAX').default('131072').asIntPositive(),
        idempotencyTtlMs: env.get('IDEMP_TTL_MS').default('86400000').asIntPositive(),
      },
      database: { url: env.get('DATABASE_URL').asUrlString() },
      rateLimit: rateLimitConfig(env),
      runQueue: {
        maxRunningPerTenant: env.get('MAX_RUNNING_RUNS_PER_TENANT').default('0').asIntPositive(),
        dispatchIntervalMs: atLeastOne(env, 'RUN_QUEUE_POLL_MS', '1000'),
      },
      temporal: {
        address: env.get('TEMPORAL_ADDRESS').asString(),
        namespace: env.get('TEMPORAL_NAMESPACE').default('default').asString(),
        taskQueue: env.get('TEMPORAL_TASK_QUEUE').default(DEFAULT_TASK_QUEUE).asString(),
        uiUrl: env.get('TEMPORAL_UI_URL').default('http://localhost:8233').asUrlString().replace(/\/$/, ''),
        cliPath: env.get('TEMPORAL_CLI_PATH').asString(),
      },
      stream: {
        pollIntervalMs: env.get('SSE_POLL_INTERVAL_MS').default('1000').asIntPositive(),
        keepaliveMs: env.get('SSE_KEEPALIVE_MS').default('15000').asIntPositive(),
      },
      backlog: {
        checkIntervalMs: atLeastOne(env, 'BACKLOG_CHECK_INTERVAL_MS', '5000'),
        warnAgeMs: atLeastOne(env, 'BACKLOG_WARN_AGE_MS', '5000'),
      },
      approvals: {
        outboxIntervalMs: env.get('APPROVAL_OUTBOX_INTERVAL_MS').default('2000').asIntPositive(),
        // Longer than a decide request's own signal attempt, so the outbox rarely races it (a duplicate is harmless).
        outboxGraceMs: env.get('APPROVAL_OUTBOX_GRACE_MS').default('10000').asIntPositive(),
      },
      egress: {
        allowedHosts: env
          .get('HTTP_ALLOWED_HOSTS')
          .default('')
          .asArray(',')
          .map((h) => h.trim())
          .filter(Boolean),
        blockedPaths: env
          .get('HTTP_BLOCKED_PATHS')
          .default(DEFAULT_BLOCKED_PATHS.join(','))
          .asArray(',')
          .map((p) => p.trim())
          .filter(Boolean),
        maxRedirects: env.get('HTTP_MAX_REDIRECTS').default('5').asIntPositive(),
      },
      worker: {
        metricsPort: env.get('WORKER_METRICS_PORT').default('9464').asPortNumber(),
        metricsHost: env.get('WORKER_METRICS_HOST').default('127.0.0.1').asString(),
        maxConcurrentWorkflowTasks: optionalAtLeast(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 2),
        maxConcurrentActivities: optionalAtLeast(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 1),
      },
      openai: {
        apiKey: env.get('OPENAI_API_KEY').asString() || undefined,
        baseUrl: env.get('OPENAI_BASE_URL').asUrlString()?.replace(/\/$/, ''),
        model: env.get('OPENAI_MODEL').default('gpt-4o-mini').asString(),
        timeoutMs: env.get('OPENAI_TIMEOUT_MS').default('120000').asIntPositive(),
        maxRetries: env.get('OPENAI_MAX_RETRIES').default('2').asIntPositive(),
      },
      log: {
        level: env.get('LOG_LEVEL').default('info').asEnum(LOG_LEVELS),
        pretty: env.get('LOG_PRETTY').default('false').asBool(),
      },
      auth: { disabled: env.get('AUTH_DISABLED').default('false').asBool() },
      input: {
        jsonMaxDepth: env.get('JSON_MAX_DEPTH').default('64').asIntPositive(),
        maxHeaderBytes: env.get('GATEWAY_MAX_HEADER_BYTES').default('16384').asIntPositive(),
      },
      cors: { origins: corsOrigins(env.get('CORS_ORIGINS').default('').asArray(',')) },
      secrets: workerSecrets(source),
      embedded: {
        postgresPort: env.get('EMBEDDED_PG_PORT').default('54329').asPortNumber(),
        temporalPort: env.get('TEMPORAL_PORT').default('7233').asPortNumber(),
        temporalUiPort: env.get('TEMPORAL_UI_PORT').default('8233').asPortNumber(),
      },
      dataDir: resolve(env.get('STEADFAST_DATA_DIR').default('.data').asString()),
      version: env.get('npm_package_version').default('0.1.0').asString(),
    };
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`);
  }
}

/** An empty value means unset (Compose's `${OPENAI_BASE_URL:-}` passes one), so defaults apply to it. */
function readEnv(source: NodeJS.ProcessEnv) {
  return from(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
}

type Env = ReturnType<typeof readEnv>;

/** env-var's "positive" accessors accept 0, which as a limit would refuse everything. */
function atLeastOne(env: Env, name: string, fallback: string): number {
  const value = env.get(name).default(fallback).asIntPositive();
  if (value < 1) throw new Error(`env-var: "${name}" should be at least 1`);
  return value;
}

/** Unset stays undefined, so the library's own default applies. The SDK would quietly raise 1 workflow task slot to 2. */
function optionalAtLeast(env: Env, name: string, min: number): number | undefined {
  const value = env.get(name).asIntPositive();
  if (value !== undefined && value < min) throw new Error(`env-var: "${name}" should be at least ${min}`);
  return value;
}

function rateLimitConfig(env: Env): RateLimitConfig {
  const perSec = env.get('RATE_LIMIT_PER_SEC').default('50').asFloatPositive();
  const globalPerSec = env.get('RATE_LIMIT_GLOBAL_PER_SEC').default('500').asFloatPositive();
  if (perSec <= 0) throw new Error('env-var: "RATE_LIMIT_PER_SEC" should be greater than 0');
  if (globalPerSec <= 0) throw new Error('env-var: "RATE_LIMIT_GLOBAL_PER_SEC" should be greater than 0');
  return {
    enabled: env.get('RATE_LIMIT_ENABLED').default('false').asBool(),
    perSec,
    // One second's worth by default: RATE_LIMIT_PER_SEC keeps meaning "this many per second".
    burst: atLeastOne(env, 'RATE_LIMIT_BURST', String(Math.max(1, Math.ceil(perSec)))),
    globalPerSec,
    globalBurst: atLeastOne(env, 'RATE_LIMIT_GLOBAL_BURST', String(Math.max(1, Math.ceil(globalPerSec)))),
    tiers: {
      simplePerMin: atLeastOne(env, 'RATE_LIMIT_TIER_SIMPLE_PER_MIN', '100'),
      standardPerMin: atLeastOne(env, 'RATE_LIMIT_TIER_STANDARD_PER_MIN', '20'),
      heavyPerMin: atLeastOne(env, 'RATE_LIMIT_TIER_HEAVY_PER_MIN', '5'),
      heavyFromAgents: atLeastOne(env, 'RATE_LIMIT_TIER_HEAVY_FROM_AGENTS', '3'),
    },
    cleanupIntervalMs: atLeastOne(env, 'RATE_LIMIT_CLEANUP_INTERVAL_MS', '60000'),
  };
}

const SECRET_PREFIX = 'STEADFAST_SECRET_';

/** `STEADFAST_SECRET_GITHUB_TOKEN=...` becomes the secret `GITHUB_TOKEN`; names are upper-case so templates read alike everywhere. */
function workerSecrets(source: NodeJS.ProcessEnv): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (!key.startsWith(SECRET_PREFIX) || value === undefined || value === '') continue;
    const name = key.slice(SECRET_PREFIX.length);
    if (!SECRET_NAME.test(name)) throw new Error(`${key}: a secret name must match ${SECRET_NAME.source}`);
    secrets[name] = value;
  }
  return secrets;
}

function corsOrigins(raw: string[]): string[] {
  return raw
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean)
    .map((origin) => {
      if (origin === '*') return origin;
      try {
        const url = new URL(origin);
        if (url.origin === origin) return origin;
      } catch {
        // reported below
      }
      throw new Error(`CORS_ORIGINS: "${origin}" is not an origin such as https://app.example.com (or *)`);
    });
}

/** What /health may reveal: limits and switches, never addresses or secrets. */
export function publicConfig(config: AppConfig): Record<string, unknown> {
  return {
    bodyLimitBytes: config.http.bodyLimitBytes,
    runInputStringMax: config.limits.runInputStringMax,
    idempotencyTtlMs: config.limits.idempotencyTtlMs,
    temporalNamespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    rateLimitEnabled: config.rateLimit.enabled,
    rateLimitPerSec: config.rateLimit.perSec,
    maxRunningRunsPerTenant: config.runQueue.maxRunningPerTenant,
    backlogWarnAgeMs: config.backlog.warnAgeMs,
    authDisabled: config.auth.disabled,
  };
}
