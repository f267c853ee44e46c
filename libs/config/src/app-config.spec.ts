import { ConfigError, loadConfig, publicConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const sut = loadConfig({});
    expect(sut.http).toEqual({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 262144 });
    expect(sut.limits).toEqual({ runInputStringMax: 65536, runInputObjectMax: 131072, idempotencyTtlMs: 86400000 });
    expect(sut.temporal).toMatchObject({ namespace: 'default', taskQueue: 'steadfast-runs', address: undefined });
    expect(sut.database.url).toBeUndefined();
    expect(sut.openai).toEqual({ apiKey: undefined, baseUrl: undefined, model: 'gpt-4o-mini', timeoutMs: 120000, maxRetries: 2 });
    expect(sut.approvals).toEqual({ outboxIntervalMs: 2000, outboxGraceMs: 10000 });
    expect(sut.rateLimit).toEqual({
      enabled: false,
      perSec: 50,
      burst: 50,
      globalPerSec: 500,
      globalBurst: 500,
      tiers: { simplePerMin: 100, standardPerMin: 20, heavyPerMin: 5, heavyFromAgents: 3 },
      cleanupIntervalMs: 60000,
    });
    expect(sut.runQueue).toEqual({ maxRunningPerTenant: 0, dispatchIntervalMs: 1000 });
    expect(sut.auth).toEqual({ disabled: false });
    expect(sut.backlog).toEqual({ checkIntervalMs: 5000, warnAgeMs: 5000 });
    expect(sut.worker).toMatchObject({ maxConcurrentWorkflowTasks: undefined, maxConcurrentActivities: undefined });
  });

  it('reads the backlog thresholds and the worker concurrency limits', () => {
    const sut = loadConfig({
      BACKLOG_CHECK_INTERVAL_MS: '500',
      BACKLOG_WARN_AGE_MS: '60000',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '80',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '200',
    });
    expect(sut.backlog).toEqual({ checkIntervalMs: 500, warnAgeMs: 60000 });
    expect(sut.worker).toMatchObject({ maxConcurrentWorkflowTasks: 80, maxConcurrentActivities: 200 });
    expect(publicConfig(sut)).toMatchObject({ backlogWarnAgeMs: 60000 });
  });

  it("takes a fractional rate with its own burst, and a burst of one second's worth by default", () => {
    expect(loadConfig({ RATE_LIMIT_PER_SEC: '0.5', RATE_LIMIT_BURST: '10' }).rateLimit).toMatchObject({ perSec: 0.5, burst: 10 });
    expect(loadConfig({ RATE_LIMIT_PER_SEC: '2.5' }).rateLimit.burst).toBe(3);
    expect(loadConfig({ RATE_LIMIT_PER_SEC: '0.1' }).rateLimit.burst).toBe(1);
  });

  it('turns authentication off only when AUTH_DISABLED says so, and /health shows it', () => {
    expect(loadConfig({ AUTH_DISABLED: 'true' }).auth.disabled).toBe(true);
    expect(publicConfig(loadConfig({ AUTH_DISABLED: 'true' }))).toMatchObject({ authDisabled: true });
    expect(publicConfig(loadConfig({}))).toMatchObject({ authDisabled: false });
  });

  it('reads the model provider, treating an empty key as unset', () => {
    const sut = loadConfig({ OPENAI_API_KEY: '', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1/', OPENAI_MODEL: 'llama3', OPENAI_MAX_RETRIES: '0' });
    expect(sut.openai).toMatchObject({ apiKey: undefined, baseUrl: 'http://127.0.0.1:8000/v1', model: 'llama3', maxRetries: 0 });
  });

  it('treats any empty variable as unset, as Compose passes `${VAR:-}`', () => {
    const sut = loadConfig({ OPENAI_BASE_URL: '', OPENAI_MODEL: '', PORT: '' });
    expect(sut.openai).toMatchObject({ baseUrl: undefined, model: 'gpt-4o-mini' });
    expect(sut.http.port).toBe(3000);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['GATEWAY_BODY_LIMIT_BYTES', '-1', /GATEWAY_BODY_LIMIT_BYTES/],
    ['IDEMP_TTL_MS', '1.5', /IDEMP_TTL_MS/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL/],
    ['OPENAI_BASE_URL', 'api dot example', /OPENAI_BASE_URL/],
    ['OPENAI_TIMEOUT_MS', '0.5', /OPENAI_TIMEOUT_MS/],
    ['APPROVAL_OUTBOX_INTERVAL_MS', '2s', /APPROVAL_OUTBOX_INTERVAL_MS/],
    ['RATE_LIMIT_PER_SEC', '0', /RATE_LIMIT_PER_SEC/],
    ['RATE_LIMIT_ENABLED', 'maybe', /RATE_LIMIT_ENABLED/],
    ['RATE_LIMIT_TIER_HEAVY_PER_MIN', '0', /RATE_LIMIT_TIER_HEAVY_PER_MIN/],
    ['MAX_RUNNING_RUNS_PER_TENANT', '-1', /MAX_RUNNING_RUNS_PER_TENANT/],
    ['AUTH_DISABLED', 'maybe', /AUTH_DISABLED/],
    ['BACKLOG_WARN_AGE_MS', '0', /BACKLOG_WARN_AGE_MS/],
    ['BACKLOG_CHECK_INTERVAL_MS', '5s', /BACKLOG_CHECK_INTERVAL_MS/],
    ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1', /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/],
    ['WORKER_MAX_CONCURRENT_ACTIVITIES', '0', /WORKER_MAX_CONCURRENT_ACTIVITIES/],
  ])('stops on a bad %s with a message naming it', (name, value, pattern) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(pattern);
  });
});
