import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { RUN_STATUSES } from '@steadfast/domain';
import { openDatabase, temporalClient, useSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { rawHttp, rawRequest, type RawResponse } from '../support/raw-http';
import { FUZZ_ROUTES, mutatedBody, type FuzzIds, type FuzzRequest, fuzzRequest } from '../support/fuzz-requests';
import type { ApiBody, OpenApiDocument } from '../support/api-types';

/** FUZZ_RUNS requests (default 10000) from FUZZ_SEED (fixed by default, so a failure replays exactly). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10000);
const SEED = Number(process.env.FUZZ_SEED ?? 20251123);

/** A run canceled before it started, or waiting for a slot (limits), has no workflow yet. */
const MAY_BE_UNSTARTED = new Set(['created', 'canceled', 'queued']);

function describeRequest(req: FuzzRequest, res: RawResponse): string {
  const body = req.body ? req.body.subarray(0, 300).toString('latin1') : '';
  return `${req.method} ${req.path.slice(0, 300)} -> ${res.status} ${res.body.slice(0, 300)}\n  headers: ${JSON.stringify(req.headers).slice(0, 300)}\n  body: ${body}`;
}

/** What every answer must be, whatever was asked: below 500, and an error is JSON with an `error` string. */
function problemWith(req: FuzzRequest, res: RawResponse): string | undefined {
  if (res.status === 0) return 'no HTTP answer';
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status < 400 || req.method === 'HEAD') return undefined;
  if (!/^application\/json/i.test(res.headers['content-type'] ?? '')) return `error with content-type ${res.headers['content-type']}`;
  try {
    const parsed = JSON.parse(res.body) as { error?: unknown };
    return typeof parsed.error === 'string' && parsed.error.length > 0 ? undefined : 'error body without an error string';
  } catch {
    return 'error body is not JSON';
  }
}

/**
 * Thousands of generated and mutated requests to every route on the real stack: valid bodies with
 * wrong types, missing and extra keys, huge and deep values, prototype keys and broken bytes; random
 * methods, ids, query strings and headers. None may get a 5xx or a non-JSON error, the server must
 * still be ready after, and Postgres must hold no partial run.
 */
describe(`fuzz: every route (FUZZ_RUNS=${RUNS}, FUZZ_SEED=${SEED})`, () => {
  const ctx = useSuite();
  let db: DataSource;
  let ids: FuzzIds;
  const before = new Set<string>();
  const acceptedRuns = new Set<string>();

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    const base = ctx.base;
    const flow = await request(base, 'POST', '/api/workflows', { name: 'fuzz-flow', nodes: [{ id: 'a', type: 'echo', config: { value: '{{ input.x }}' } }] });
    const agent = await request(base, 'POST', '/api/agents', { name: 'fuzz-agent', system_prompt: 'Be brief.', tools: ['finish'], max_steps: 2 });
    const created = await request(base, 'POST', '/api/runs', { name: 'fuzz-created', workflow: 'fuzz-flow', input: { x: 1 } });
    const done = await request(base, 'POST', '/api/runs', { name: 'fuzz-done', workflow: 'fuzz-flow', input: { x: 2 }, start: true });
    const waiting = await request(base, 'POST', '/api/runs', {
      name: 'fuzz-waiting',
      workflow: {
        nodes: [
          { id: 'gate', type: 'approval', config: { title: 'Fuzz?', timeout: '1h' } },
          { id: 'after', type: 'echo', depends_on: ['gate'] },
        ],
      },
      start: true,
    });
    expect([flow.status, agent.status, created.status, done.status, waiting.status]).toEqual([201, 201, 201, 201, 201]);
    await waitForStatus(base, done.body.run.id, ['completed']);
    await waitForStatus(base, waiting.body.run.id, ['waiting_for_approval']);
    const approvals = await request(base, 'GET', `/api/approvals?run_id=${waiting.body.run.id}`);
    const patch = await request(base, 'POST', `/api/runs/${waiting.body.run.id}/patches`, {
      operations: [{ op: 'add', path: '/nodes/-', value: { id: 'extra', type: 'echo', depends_on: ['gate'] } }],
    });
    expect(patch.status).toBe(202);
    const key = await request(base, 'POST', '/api/keys', { name: 'fuzz target', tenant: 'fuzz', scopes: ['runs:read'] });
    expect(key.status).toBe(201);
    ids = {
      runs: [created.body.run.id, done.body.run.id, waiting.body.run.id],
      nodes: ['a', 'gate', 'after', 'extra'],
      approvals: approvals.body.approvals.map((a: { id: string }) => a.id),
      patches: [patch.body.patch.id],
      workflows: ['fuzz-flow'],
      agents: ['fuzz-agent'],
      keys: [key.body.key.id],
    };
    for (const row of await db.query<{ id: string }[]>('SELECT id FROM runs')) before.add(row.id);
  });
  afterAll(() => db?.destroy());

  it('lists every route the API serves', async () => {
    // A route added without a fuzz entry fails here, so the fuzz keeps covering the whole API.
    const openapi = (await request<OpenApiDocument>(ctx.base, 'GET', '/docs/openapi.json')).body;
    const served = Object.entries(openapi.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const fuzzed = new Set(FUZZ_ROUTES.map((route) => `${route.method} ${route.template}`));
    expect(served.filter((route) => !fuzzed.has(route))).toEqual([]);
  });

  it('never answers 5xx or a non-JSON error, stays ready, and leaves no partial run behind', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fuzzRequest(() => ids),
          async (req) => {
            sent++;
            const res = await rawRequest(
              ctx.base,
              rawHttp(
                req.method,
                req.path,
                Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`),
                req.body,
              ),
            );
            if (req.method === 'POST' && req.path.split('?')[0] === '/api/runs' && res.status >= 200 && res.status < 300) {
              acceptedRuns.add((JSON.parse(res.body) as ApiBody).run.id);
            }
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const problem = problemWith(req, res);
            if (problem) {
              failures.push(`${problem}: ${describeRequest(req, res)}`);
              throw new Error(`${problem}: ${describeRequest(req, res)}`);
            }
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK !== 'true' },
      );
    } catch (err) {
      throw new Error(
        `fuzz failed (replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}; FUZZ_SHRINK=true to shrink) after ${sent} requests:\n${failures[0] ?? ''}\n${(err as Error).message.slice(0, 2000)}`,
        { cause: err },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    // The requests got past routing and parsing into the handlers, not just 404s: every kind of answer shows up.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 201, 400, 404, 409, 413, 415, 422]));

    expect((await request(ctx.base, 'GET', '/ready')).status).toBe(200);

    const rows: { id: string; name: string; status: string; dag: { nodes?: unknown }; temporal_run_id: string | null }[] = await db.query(
      'SELECT id, name, status, dag, temporal_run_id FROM runs',
    );
    const incomplete = rows.filter(
      (row) =>
        !row.name ||
        !(RUN_STATUSES as readonly string[]).includes(row.status) ||
        !Array.isArray(row.dag?.nodes) ||
        (row.dag.nodes as unknown[]).length === 0 ||
        (!MAY_BE_UNSTARTED.has(row.status) && !row.temporal_run_id),
    );
    expect(incomplete).toEqual([]);
    // A run row exists only if the request that made it was answered with success.
    const unaccounted = rows.map((row) => row.id).filter((id) => !before.has(id) && !acceptedRuns.has(id));
    expect(unaccounted).toEqual([]);
    const known = new Set([...before, ...acceptedRuns]);
    const eventRuns: { run_id: string }[] = await db.query('SELECT DISTINCT run_id FROM run_events');
    expect(eventRuns.map((row) => row.run_id).filter((id) => !known.has(id))).toEqual([]);

    // Runs the fuzz started really are in Temporal (a sample: describing hundreds would dominate the runtime).
    // Only its own: other suites write rows by hand with made-up Temporal ids.
    const { client, close } = await temporalClient(ctx.suite.config);
    try {
      for (const row of rows.filter((r) => r.temporal_run_id && acceptedRuns.has(r.id)).slice(0, 25)) {
        const description = await client.workflow.getHandle(row.id).describe();
        expect(description.runId).toBe(row.temporal_run_id);
      }
    } finally {
      await close();
    }
  });

  it('turns a mutated body into a request the server refuses or accepts, never one it chokes on', () => {
    // The generator itself: mutations really produce the hostile shapes the suite claims to send.
    const samples = fc.sample(mutatedBody({ name: 'x', input: { a: [1, 2] } }), { numRuns: 400, seed: SEED }).map((b) => b.toString('latin1'));
    expect(samples.some((s) => s.includes('"__proto__"'))).toBe(true);
    expect(samples.some((s) => s.includes('[{"d":[{"d":[{"d":['))).toBe(true);
    expect(samples.some((s) => s.length > 100_000)).toBe(true);
    expect(samples.some((s) => !s.startsWith('{'))).toBe(true);
  });
});
