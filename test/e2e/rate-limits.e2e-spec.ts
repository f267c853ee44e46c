import type { DataSource } from 'typeorm';
import { openDatabase, startApi, suiteConfig, type RunningApi } from '../support/harness';
import { request, type JsonResponse } from '../support/http';
import { eventually } from '../support/eventually';

/*
 * Rate limits on the real API against the shared Postgres. Refill rates are tiny and bursts small, so
 * "exactly the burst" holds however slow the machine is: refill adds less than one token per test.
 * No worker: only requests are limited, and run creation is limited whether or not the run starts.
 */

const agent = (id: string) => ({ id, type: 'agent', config: { prompt: 'Summarise {{ input.text }}' } });
const heavyRun = { name: 'heavy', workflow: { nodes: [agent('a1'), agent('a2'), agent('a3')] }, input: { text: 'x' } };
const simpleRun = { name: 'simple', workflow: { nodes: [{ id: 'e', type: 'echo', config: { value: 1 } }] } };

function expectRefused(res: JsonResponse, layer: string, maxRetryAfter: number): void {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ error: 'Rate limit exceeded', retryAfter: expect.any(Number), layer });
  const header = Number(res.headers.get('retry-after'));
  expect(header).toBe(res.body.retryAfter);
  expect(Number.isInteger(header)).toBe(true);
  expect(header).toBeGreaterThanOrEqual(1);
  expect(header).toBeLessThanOrEqual(maxRetryAfter);
}

async function hits(base: string, layer: string): Promise<number> {
  const text = (await request<string>(base, 'GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`rate_limit_hits_total{layer="${layer}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
}

const statuses = (responses: JsonResponse[]) => responses.map((r) => r.status).sort();

describe('rate limits', () => {
  let db: DataSource;
  const apis: RunningApi[] = [];

  async function api(env: Record<string, string>, processes = 1): Promise<RunningApi[]> {
    const config = suiteConfig({ RATE_LIMIT_ENABLED: 'true', ...env });
    const started = await Promise.all(Array.from({ length: processes }, () => startApi(config)));
    apis.push(...started);
    return started;
  }

  beforeAll(async () => {
    db = await openDatabase(suiteConfig());
  });
  // Buckets live in Postgres, shared by every test's API processes: each test starts from full ones.
  beforeEach(() => db.query('DELETE FROM rate_limit_buckets'));
  afterEach(async () => {
    await Promise.all(apis.splice(0).map((a) => a.close()));
  });
  afterAll(() => db?.destroy());

  it('refuses a client over its per-key limit (its IP without a key) with 429, Retry-After and the JSON body; health, readiness and metrics still answer', async () => {
    const [{ url }] = await api({ RATE_LIMIT_PER_SEC: '0.1', RATE_LIMIT_BURST: '3' });
    const before = await hits(url, 'key');
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await request(url, 'GET', '/api/runs?limit=1'));
    expect(allowed.map((r) => r.status)).toEqual([200, 200, 200]);

    const refused = await request(url, 'GET', '/api/runs?limit=1');
    // One token at 0.1/s is 10 s away.
    expectRefused(refused, 'key', 10);
    expect(refused.body.retryAfter).toBeGreaterThanOrEqual(9);
    // Any route, even one that does not exist, spends from the same bucket; the body is never read.
    expectRefused(await request(url, 'POST', '/api/runs', { name: 'x' }), 'key', 10);
    expectRefused(await request(url, 'GET', '/no/such/route'), 'key', 10);

    for (const path of ['/health', '/ready', '/metrics']) expect((await request(url, 'GET', path)).status).toBe(200);
    expect(await hits(url, 'key')).toBe(before + 3);
    expect(await hits(url, 'global')).toBe(0);
  });

  it('refuses everybody once the global budget is spent, and counts those hits as global', async () => {
    const [{ url }] = await api({ RATE_LIMIT_GLOBAL_PER_SEC: '0.05', RATE_LIMIT_GLOBAL_BURST: '4' });
    const responses = await Promise.all(Array.from({ length: 7 }, () => request(url, 'GET', '/api/runs?limit=1')));
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 429, 429, 429]);
    for (const refused of responses.filter((r) => r.status === 429)) expectRefused(refused, 'global', 20);
    expect(await hits(url, 'global')).toBe(3);
    expect(await hits(url, 'key')).toBe(0);
  });

  it('shares one budget between two API processes on the same Postgres: together they get exactly the limit, not twice it', async () => {
    const [a, b] = await api({ RATE_LIMIT_PER_SEC: '0.01', RATE_LIMIT_BURST: '5' }, 2);
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => request(i % 2 ? a.url : b.url, 'GET', '/api/runs?limit=1')));
    expect(statuses(responses).filter((s) => s === 200)).toHaveLength(5);
    expect(statuses(responses).filter((s) => s === 429)).toHaveLength(7);
    // Each process counts the refusals it answered; together, every one.
    expect((await hits(a.url, 'key')) + (await hits(b.url, 'key'))).toBe(7);
  });

  it("limits run creation by the run's agent nodes: a run with three agents is refused sooner than one without, across two API processes", async () => {
    const [a, b] = await api({ RATE_LIMIT_TIER_SIMPLE_PER_MIN: '5', RATE_LIMIT_TIER_STANDARD_PER_MIN: '3', RATE_LIMIT_TIER_HEAVY_PER_MIN: '2' }, 2);
    const heavy = [];
    for (let i = 0; i < 3; i++) heavy.push(await request(i % 2 ? a.url : b.url, 'POST', '/api/runs', heavyRun));
    expect(heavy.map((r) => r.status)).toEqual([201, 201, 429]);
    // Two a minute: the next one is 30 s away.
    expectRefused(heavy[2], 'tier_heavy', 30);
    expect(heavy[2].body.retryAfter).toBeGreaterThanOrEqual(29);

    // The heavy tier being spent does not touch runs without agents, nor the one-or-two-agent tier.
    const simple = [];
    for (let i = 0; i < 6; i++) simple.push(await request(i % 2 ? a.url : b.url, 'POST', '/api/runs', simpleRun));
    expect(simple.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 429]);
    expectRefused(simple[5], 'tier_simple', 12);
    const standard = await request(a.url, 'POST', '/api/runs', { name: 'one agent', workflow: { nodes: [agent('only')] }, input: { text: 'y' } });
    expect(standard.status).toBe(201);

    // Refused creations wrote nothing.
    const created = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM runs WHERE id = ANY($1)`, [
      [...heavy, ...simple, standard].filter((r) => r.status === 201).map((r) => r.body.run.id),
    ]);
    expect(created[0].n).toBe(8);
    expect((await hits(a.url, 'tier_heavy')) + (await hits(b.url, 'tier_heavy'))).toBe(1);
    expect((await hits(a.url, 'tier_simple')) + (await hits(b.url, 'tier_simple'))).toBe(1);
  });

  it('checks the tier after the definition is resolved, so an invalid run is a 422 that spends nothing', async () => {
    const [{ url }] = await api({ RATE_LIMIT_TIER_HEAVY_PER_MIN: '1' });
    const invalid = await request(url, 'POST', '/api/runs', { name: 'bad', workflow: { nodes: [agent('a1'), agent('a1')] } });
    expect(invalid.status).toBe(422);
    expect((await request(url, 'POST', '/api/runs', heavyRun)).status).toBe(201);
    expectRefused(await request(url, 'POST', '/api/runs', heavyRun), 'tier_heavy', 60);
  });

  it('limits nothing when RATE_LIMIT_ENABLED is false, whatever the limits say', async () => {
    const [{ url }] = await api({
      RATE_LIMIT_ENABLED: 'false',
      RATE_LIMIT_PER_SEC: '0.01',
      RATE_LIMIT_BURST: '1',
      RATE_LIMIT_GLOBAL_PER_SEC: '0.01',
      RATE_LIMIT_GLOBAL_BURST: '1',
      RATE_LIMIT_TIER_HEAVY_PER_MIN: '1',
    });
    const reads = await Promise.all(Array.from({ length: 10 }, () => request(url, 'GET', '/api/runs?limit=1')));
    expect(statuses(reads)).toEqual(Array(10).fill(200));
    const creates = [];
    for (let i = 0; i < 3; i++) creates.push((await request(url, 'POST', '/api/runs', heavyRun)).status);
    expect(creates).toEqual([201, 201, 201]);
    expect((await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM rate_limit_buckets`))[0].n).toBe(0);
  });

  it('deletes buckets that have refilled, and a deleted bucket is a full one', async () => {
    const [{ url }] = await api({ RATE_LIMIT_PER_SEC: '20', RATE_LIMIT_BURST: '2', RATE_LIMIT_CLEANUP_INTERVAL_MS: '100' });
    expect((await request(url, 'GET', '/api/runs?limit=1')).status).toBe(200);
    expect((await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM rate_limit_buckets WHERE key LIKE 'ip:%'`))[0].n).toBe(1);
    // Refilled 50 ms later; the cleaner's next pass removes it.
    await eventually(
      async () => expect((await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM rate_limit_buckets WHERE key LIKE 'ip:%'`))[0].n).toBe(0),
      {
        timeoutMs: 5_000,
        intervalMs: 100,
        message: 'the refilled bucket to be deleted',
      },
    );
    const again = await Promise.all([request(url, 'GET', '/api/runs?limit=1'), request(url, 'GET', '/api/runs?limit=1')]);
    expect(statuses(again)).toEqual([200, 200]);
  });
});
