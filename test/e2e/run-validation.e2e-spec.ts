import { useSuite } from '../support/harness';
import { request } from '../support/http';
import type { OpenApiDocument } from '../support/api-types';

describe('run API: input validation and error envelope', () => {
  const ctx = useSuite({ GATEWAY_BODY_LIMIT_BYTES: '262144' });

  const post = (body: unknown, headers?: Record<string, string>) => request(ctx.base, 'POST', '/api/runs', body, headers);

  it('rejects a missing name with 422 and one message per problem', async () => {
    const res = await post({ input: 'x', client_token: 'short', tags: 'nope' });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Validation failed');
    expect(res.body.details).toEqual(
      expect.arrayContaining(['name is required', 'client_token must be at least 8 characters', 'tags must be an array of strings']),
    );
  });

  it.each([
    ['name is required', { name: '' }],
    ['name must be at most 128 characters', { name: 'x'.repeat(129) }],
    ['client_token may contain only letters, digits, "_" and "-"', { name: 'ok', client_token: 'bad token!' }],
    ['client_token must be at most 128 characters', { name: 'ok', client_token: 'x'.repeat(129) }],
    ['tags must contain at most 16 items', { name: 'ok', tags: Array.from({ length: 17 }, (_, i) => `t${i}`) }],
    ['each tag must be at most 64 characters', { name: 'ok', tags: ['x'.repeat(65)] }],
    ['input must be at most 65536 characters', { name: 'ok', input: 'x'.repeat(65537) }],
    ['input must serialise to at most 131072 bytes of JSON', { name: 'ok', input: { blob: 'x'.repeat(140_000) } }],
    ['input must be a string or an object', { name: 'ok', input: 42 }],
    ['property surprise should not exist', { name: 'ok', surprise: true }],
    ['start must be a boolean', { name: 'ok', start: 'yes' }],
  ])('rejects with 422: %s', async (message, body) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.details).toContain(message);
  });

  it('rejects an invalid DAG with a 422 detail naming the node, and writes no run', async () => {
    const tag = `bad-dag-${Date.now()}`;
    const workflow = {
      nodes: [
        { id: 'a', type: 'echo', depends_on: ['c'] },
        { id: 'b', type: 'delay', config: { duration: 'soon' } },
        { id: 'c', type: 'echo', depends_on: ['a'] },
        { id: 'd', type: 'echo', depends_on: ['ghost'] },
      ],
    };
    const res = await post({ name: 'cyclic', workflow, tags: [tag] });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        'node "b": config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"',
        'node "d": depends_on references unknown node "ghost"',
      ]),
    );
    const cycle = await post({
      name: 'cyclic',
      workflow: {
        nodes: [
          { id: 'a', type: 'echo', depends_on: ['c'] },
          { id: 'c', type: 'echo', depends_on: ['a'] },
        ],
      },
      tags: [tag],
    });
    expect(cycle.body.details).toEqual(['workflow has a cycle through nodes "a", "c"']);
    const listed = await request(ctx.base, 'GET', `/api/runs?tag=${tag}`);
    expect(listed.body.runs).toEqual([]);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await post('{"name": "oops",');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/JSON/i);
  });

  it('answers a body over GATEWAY_BODY_LIMIT_BYTES with 413', async () => {
    const res = await post({ name: 'big', input: { blob: 'x'.repeat(300_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/too large/i);
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await post('name=plain', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error).toMatch(/application\/json/);
    const form = await post('name=form', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('answers an unknown run with 404 Run not found on every run route', async () => {
    const missing = 'run-01ARZ3NDEKTSV4RRFFQ69G5FAV';
    for (const [method, path] of [
      ['GET', `/api/runs/${missing}`],
      ['POST', `/api/runs/${missing}/start`],
      ['POST', `/api/runs/${missing}/cancel`],
      ['GET', `/api/runs/${missing}/events`],
      ['GET', `/api/runs/${missing}/logs/stream`],
      ['GET', '/api/runs/not-a-run-id'],
    ]) {
      const res = await request(ctx.base, method, path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 404, body: { error: 'Run not found' } });
    }
  });

  it('lists runs newest first with keyset pagination and filters', async () => {
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post({ name: `p${i}`, tags: [tag] })).body.run.id);
    const first = await request(ctx.base, 'GET', `/api/runs?tag=${tag}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.runs.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    const second = await request(ctx.base, 'GET', `/api/runs?tag=${tag}&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.runs.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const third = await request(ctx.base, 'GET', `/api/runs?tag=${tag}&limit=2&cursor=${second.body.next_cursor}`);
    expect(third.body.runs.map((r) => r.id)).toEqual([ids[0]]);
    expect(third.body.next_cursor).toBeNull();
    const created = await request(ctx.base, 'GET', `/api/runs?tag=${tag}&status=created`);
    expect(created.body.runs).toHaveLength(5);
    const running = await request(ctx.base, 'GET', `/api/runs?tag=${tag}&status=running`);
    expect(running.body.runs).toHaveLength(0);
  });

  it('rejects bad list parameters with 4xx JSON errors', async () => {
    expect((await request(ctx.base, 'GET', '/api/runs?limit=0')).status).toBe(422);
    expect((await request(ctx.base, 'GET', '/api/runs?limit=abc')).status).toBe(422);
    expect((await request(ctx.base, 'GET', '/api/runs?status=sleeping')).status).toBe(422);
    const cursor = await request(ctx.base, 'GET', '/api/runs?cursor=garbage');
    expect(cursor.status).toBe(400);
    expect(cursor.body).toEqual({ error: 'Invalid cursor' });
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    const health = await request(ctx.base, 'GET', '/health');
    expect(health.body).toMatchObject({ ok: true, config: { bodyLimitBytes: 262144 } });
    expect((await request(ctx.base, 'GET', '/healthz')).status).toBe(200);
    const ready = await request(ctx.base, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ postgres: { ok: true }, temporal: { ok: true } });
    expect((await request(ctx.base, 'GET', '/readyz')).status).toBe(200);
    const metrics = await request(ctx.base, 'GET', '/metrics');
    for (const name of [
      'runs_total',
      'runs_by_status',
      'run_duration_seconds',
      'http_request_duration_seconds',
      'sse_connections_opened',
      'sse_connections_closed',
      'sse_active_connections',
      'sse_messages_total',
      'idempotency_hits_total',
      'idempotency_store_size',
      'process_cpu_user_seconds_total',
    ]) {
      expect(metrics.body).toContain(`# TYPE ${name} `);
    }
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/runs",status_code="422"\} \d+/);
    const openapi = await request<OpenApiDocument>(ctx.base, 'GET', '/docs/openapi.json');
    expect(openapi.status).toBe(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/runs', '/api/runs/{id}/start', '/api/runs/{id}/cancel', '/api/runs/{id}/logs/stream']),
    );
    const ui = await fetch(`${ctx.base}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
