import type { DataSource } from 'typeorm';
import { Steadfast, SteadfastError } from '@steadfast/sdk';
import { openDatabase, startApi, suiteConfig, type RunningApi } from '../support/harness';

/*
 * The SDK's retries against the API's real rate limiter (buckets in the shared Postgres, no worker):
 * a refused call that is safe to repeat is retried after Retry-After; one that is not is never repeated.
 */
describe('@steadfast/sdk retries', () => {
  let db: DataSource;
  let api: RunningApi;
  let calls: string[];
  // The real fetch, counted: every attempt the SDK makes goes to the API.
  const counted: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`);
    return fetch(input, init);
  };
  const sf = (retry = {}) => new Steadfast({ baseUrl: api.url, fetch: counted, retry });

  /** Spends the bucket (burst 2) so the next call is refused with a Retry-After of about 1 s. */
  async function exhaust(): Promise<void> {
    for (let i = 0; i < 5; i++) await fetch(`${api.url}/api/runs?limit=1`);
    calls = [];
  }

  beforeAll(async () => {
    db = await openDatabase(suiteConfig());
    api = await startApi(suiteConfig({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_SEC: '1', RATE_LIMIT_BURST: '2' }));
  });
  beforeEach(async () => {
    await db.query('DELETE FROM rate_limit_buckets');
    calls = [];
  });
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
  });

  it('retries a GET refused with 429 after Retry-After, and it then succeeds', async () => {
    await exhaust();
    const page = await sf().runs.list({ limit: 1 }).pages().next();
    expect(page.done).toBe(false);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls)).toEqual(new Set(['GET /api/runs']));
  });

  it('retries a create that carries an idempotency key', async () => {
    await exhaust();
    const run = await sf().runs.create({ name: 'keyed retry' }, { idempotencyKey: `retry-${Date.now()}` });
    expect(run.status).toBe('created');
    expect(calls.length).toBeGreaterThanOrEqual(2);
  });

  it('never repeats a call that is not safe to repeat: start, or a create without a key', async () => {
    await exhaust();
    const start = await sf()
      .runs.start('run-anything')
      .catch((error: unknown) => error);
    expect(start).toBeInstanceOf(SteadfastError);
    expect(start).toMatchObject({ status: 429, error: 'Rate limit exceeded' });
    expect((start as SteadfastError).retryAfter).toBeGreaterThanOrEqual(1);
    const create = await sf()
      .runs.create({ name: 'unkeyed' })
      .catch((error: unknown) => error);
    expect(create).toMatchObject({ status: 429 });
    expect(calls).toEqual(['POST /api/runs/run-anything/start', 'POST /api/runs']);
  });

  it('gives up with the 429 once its retries are spent', async () => {
    await exhaust();
    const error = await sf({ maxRetries: 0 })
      .runs.get('run-anything')
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ status: 429, name: 'SteadfastError' });
    expect(calls).toEqual(['GET /api/runs/run-anything']);
  });
});
