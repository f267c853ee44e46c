import type { DataSource } from 'typeorm';
import { createTestKey, bearer, type TestKey } from '../support/api-keys';
import { openDatabase, startApi, useSuite, type RunningApi } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import type { ApiBody, ApiKeyJson, OpenApiDocument } from '../support/api-types';

const WELL_FORMED_UNKNOWN = `sk_0123abcd_${'A'.repeat(43)}`;
const gated = { nodes: [{ id: 'gate', type: 'approval', config: { title: 'Go?' } }] };

/** API keys: 401 for anything but a live key, 403 for a missing scope, the keys API, and revocation across processes. */
describe('API keys and scopes', () => {
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let db: DataSource;
  let admin: TestKey;
  let reader: TestKey;
  let writer: TestKey;
  let decider: TestKey;
  let publisher: TestKey;

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    admin = await createTestKey(db, { tenant: 'keys-a', scopes: ['admin'], user: 'root' });
    reader = await createTestKey(db, { tenant: 'keys-a', scopes: ['runs:read'] });
    writer = await createTestKey(db, { tenant: 'keys-a', scopes: ['runs:write'] });
    decider = await createTestKey(db, { tenant: 'keys-a', scopes: ['approvals:decide'], user: 'dee' });
    publisher = await createTestKey(db, { tenant: 'keys-a', scopes: ['workflows:write'] });
  });
  afterAll(() => db?.destroy());

  const call = <T = ApiBody>(key: TestKey | Record<string, string> | null, method: string, path: string, body?: unknown) =>
    request<T>(ctx.base, method, path, body, key === null ? {} : 'auth' in key ? (key as TestKey).auth : key);

  it('refuses a missing, malformed, unknown or revoked key with 401 JSON and WWW-Authenticate: Bearer, before reading the body', async () => {
    const revoked = await createTestKey(db, { tenant: 'keys-a', scopes: ['admin'] });
    expect((await call(admin, 'DELETE', `/api/keys/${revoked.id}`)).status).toBe(200);
    const cases: [Record<string, string>, string][] = [
      [{}, 'Missing API key: send Authorization: Bearer sk_...'],
      [{ authorization: '' }, 'Missing API key: send Authorization: Bearer sk_...'],
      [{ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, 'Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>'],
      [{ authorization: 'Bearer' }, 'Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>'],
      [{ authorization: 'Bearer sk_nope' }, 'Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>'],
      [{ authorization: `Bearer ${admin.secret}x` }, 'Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>'],
      [{ authorization: `Bearer ${WELL_FORMED_UNKNOWN}` }, 'Invalid API key'],
      [bearer(revoked.secret), 'API key revoked'],
    ];
    for (const [headers, error] of cases) {
      for (const [method, path, body] of [
        ['GET', '/api/runs', undefined],
        // A body of the wrong type and shape: the key is refused first, not the content type or the fields.
        ['POST', '/api/runs', 'not json'],
        ['GET', '/api/keys', undefined],
        ['GET', '/api/runs/run-01ARZ3NDEKTSV4RRFFQ69G5FAV/logs/stream', undefined],
      ] as const) {
        const res = await request(ctx.base, method, path, body, { ...headers, ...(body ? { 'content-type': 'text/plain' } : {}) });
        expect({ method, path, status: res.status, body: res.body }).toEqual({ method, path, status: 401, body: { error } });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
    }
    expect((await call(null, 'GET', '/api/runs?limit=1')).status).toBe(401);
  });

  it('keeps health, readiness, metrics and the API docs open, and /health says authentication is on', async () => {
    const health = await call(null, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.config.authDisabled).toBe(false);
    expect((await call(null, 'GET', '/ready')).status).toBe(200);
    expect((await call(null, 'GET', '/metrics')).status).toBe(200);
    const openapi = await call<OpenApiDocument>(null, 'GET', '/docs/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.paths['/api/keys']).toBeDefined();
  });

  it('gives each scope exactly its routes: anything else is 403 and changes nothing', async () => {
    const created = await call(writer, 'POST', '/api/runs', { name: 'scoped', workflow: gated, start: true });
    expect(created.status).toBe(201);
    const runId = created.body.run.id;
    await waitForStatus(ctx.base, runId, ['waiting_for_approval'], 30_000, admin.auth);
    const approvalId = (await call(reader, 'GET', `/api/approvals?run_id=${runId}`)).body.approvals[0].id;
    const before = (await call(reader, 'GET', '/api/runs?limit=100')).body.runs.length;

    const forbidden = async (key: TestKey, method: string, path: string, body: unknown, scope: string) => {
      const res = await call(key, method, path, body);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 403, error: `Forbidden: this API key lacks the ${scope} scope` });
    };
    // runs:read reads but cannot create, start, cancel, patch, decide, publish or manage keys.
    for (const path of [
      `/api/runs/${runId}`,
      `/api/runs/${runId}/events`,
      `/api/runs/${runId}/nodes`,
      `/api/runs/${runId}/patches`,
      `/api/runs/${runId}/definition`,
      '/api/approvals',
      `/api/approvals/${approvalId}`,
      '/api/workflows',
      '/api/agents',
    ]) {
      expect({ path, status: (await call(reader, 'GET', path)).status }).toEqual({ path, status: 200 });
    }
    await forbidden(reader, 'POST', '/api/runs', { name: 'nope' }, 'runs:write');
    await forbidden(reader, 'POST', `/api/runs/${runId}/start`, undefined, 'runs:write');
    await forbidden(reader, 'POST', `/api/runs/${runId}/cancel`, undefined, 'runs:write');
    await forbidden(reader, 'POST', `/api/runs/${runId}/patches`, { operations: [] }, 'runs:write');
    await forbidden(reader, 'POST', `/api/approvals/${approvalId}/decide`, { decision: 'approve' }, 'approvals:decide');
    await forbidden(reader, 'POST', '/api/workflows', { name: 'nope', nodes: [] }, 'workflows:write');
    await forbidden(reader, 'POST', '/api/agents', { name: 'nope' }, 'workflows:write');
    await forbidden(reader, 'GET', '/api/keys', undefined, 'admin');
    await forbidden(reader, 'POST', '/api/keys', { name: 'x', tenant: 'keys-a', scopes: ['admin'] }, 'admin');
    await forbidden(reader, 'DELETE', `/api/keys/${reader.id}`, undefined, 'admin');
    // Writing does not imply reading; deciding and publishing imply nothing else.
    await forbidden(writer, 'GET', `/api/runs/${runId}`, undefined, 'runs:read');
    await forbidden(writer, 'GET', '/api/runs', undefined, 'runs:read');
    await forbidden(decider, 'POST', `/api/runs/${runId}/cancel`, undefined, 'runs:write');
    await forbidden(decider, 'GET', `/api/approvals/${approvalId}`, undefined, 'runs:read');
    await forbidden(publisher, 'GET', '/api/workflows', undefined, 'runs:read');
    await forbidden(writer, 'GET', '/api/keys', undefined, 'admin');

    expect((await call(reader, 'GET', '/api/runs?limit=100')).body.runs.length).toBe(before);
    expect((await call(reader, 'GET', `/api/runs/${runId}`)).body.run.status).toBe('waiting_for_approval');
    expect((await call(publisher, 'POST', '/api/workflows', { name: 'scoped-flow', nodes: [{ id: 'a', type: 'echo', config: { value: 1 } }] })).status).toBe(
      201,
    );
    expect((await call(decider, 'POST', `/api/approvals/${approvalId}/decide`, { decision: 'approve' })).body.approval).toMatchObject({
      status: 'approved',
      decided_by: 'dee',
    });
    expect((await waitForStatus(ctx.base, runId, ['completed'], 30_000, reader.auth)).status).toBe('completed');
  });

  it('lets an admin key do every scope of its tenant', async () => {
    const created = await call(admin, 'POST', '/api/runs', { name: 'by admin', start: true });
    expect(created.status).toBe(201);
    expect((await waitForStatus(ctx.base, created.body.run.id, ['completed'], 30_000, admin.auth)).status).toBe('completed');
    expect((await call(admin, 'POST', '/api/agents', { name: 'admin-agent', system_prompt: 'help' })).status).toBe(201);
    expect((await call(admin, 'GET', '/api/agents/admin-agent')).status).toBe(200);
  });

  it('creates a key for any tenant, shows its secret once, lists prefixes only, and revokes it', async () => {
    const res = await call(admin, 'POST', '/api/keys', {
      name: ' ops bot ',
      tenant: 'keys-b',
      scopes: ['runs:read', 'runs:write'],
      user: 'bot',
      roles: ['ops'],
    });
    expect(res.status).toBe(201);
    const { secret, ...shown } = res.body.key as ApiKeyJson & { secret: string };
    expect(secret).toMatch(/^sk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(shown).toEqual({
      id: expect.stringMatching(/^key_[0-9A-Z]{26}$/),
      tenant: 'keys-b',
      name: 'ops bot',
      prefix: secret.slice(0, 11),
      scopes: ['runs:read', 'runs:write'],
      user: 'bot',
      roles: ['ops'],
      created_at: expect.any(String),
      revoked_at: null,
      last_used_at: null,
    });

    // The new key works at once, in its own tenant.
    expect((await call(bearer(secret), 'POST', '/api/runs', { name: 'from b' })).status).toBe(201);
    expect((await call(bearer(secret), 'GET', '/api/runs')).body.runs.map((r) => r.name)).toEqual(['from b']);

    const listed = await call(admin, 'GET', '/api/keys?tenant=keys-b');
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toEqual([expect.objectContaining({ id: shown.id, prefix: shown.prefix, tenant: 'keys-b' })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(12));
    expect(listed.body.keys[0]).not.toHaveProperty('secret');
    expect(listed.body.keys[0]).not.toHaveProperty('hash');
    // Without ?tenant= an admin sees every tenant's keys.
    const all = new Set((await call(admin, 'GET', '/api/keys?limit=100')).body.keys.map((k) => k.tenant));
    expect(all.has('keys-a') && all.has('keys-b')).toBe(true);

    const revoked = await call(admin, 'DELETE', `/api/keys/${shown.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.key).toMatchObject({ id: shown.id, revoked_at: expect.any(String) });
    expect(await call(bearer(secret), 'GET', '/api/runs')).toMatchObject({ status: 401, body: { error: 'API key revoked' } });
    // Revoking again answers with the key as it is; an unknown id is 404.
    expect((await call(admin, 'DELETE', `/api/keys/${shown.id}`)).body.key.revoked_at).toBe(revoked.body.key.revoked_at);
    expect(await call(admin, 'DELETE', '/api/keys/key_01ARZ3NDEKTSV4RRFFQ69G5FAV')).toMatchObject({ status: 404, body: { error: 'API key not found' } });
    expect(await call(admin, 'DELETE', '/api/keys/nope')).toMatchObject({ status: 404, body: { error: 'API key not found' } });
  });

  it('records when a key was last used', async () => {
    const key = await createTestKey(db, { tenant: 'keys-a', scopes: ['runs:read'] });
    expect((await call(key, 'GET', '/api/runs?limit=1')).status).toBe(200);
    await eventually(
      async () => {
        const shown = (await call(admin, 'GET', '/api/keys?tenant=keys-a&limit=100')).body.keys.find((k) => k.id === key.id);
        expect(Date.parse(String(shown?.last_used_at))).toBeGreaterThan(Date.now() - 10_000);
      },
      { timeoutMs: 5_000, intervalMs: 100, message: 'the key to show last_used_at' },
    );
  });

  it('refuses bad key requests with 422 and creates nothing', async () => {
    const count = async () => (await call(admin, 'GET', '/api/keys?tenant=keys-a&limit=100')).body.keys.length;
    const before = await count();
    const cases: [unknown, string][] = [
      [{ tenant: 'keys-a', scopes: ['admin'] }, 'name must be a string'],
      [{ name: 'x', tenant: 'Keys A', scopes: ['admin'] }, 'tenant must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit'],
      [{ name: 'x', tenant: 'keys-a', scopes: [] }, 'scopes must name at least one scope'],
      [{ name: 'x', tenant: 'keys-a', scopes: ['root'] }, 'each scope must be one of runs:read, runs:write, approvals:decide, workflows:write, admin'],
      [{ name: 'x', tenant: 'keys-a', scopes: ['admin', 'admin'] }, 'scopes must not repeat'],
      [{ name: 'x', tenant: 'keys-a', scopes: ['admin'], roles: ['role:ops'] }, 'each role must be 1-64 letters, digits, "_", "." or "-"'],
      [{ name: 'x', tenant: 'keys-a', scopes: ['admin'], secret: 'mine' }, 'property secret should not exist'],
    ];
    for (const [body, detail] of cases) {
      const res = await call(admin, 'POST', '/api/keys', body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 422, error: 'Validation failed' });
      expect(res.body.details).toContain(detail);
    }
    expect((await call(admin, 'GET', '/api/keys?tenant=NOPE')).status).toBe(422);
    expect((await call(admin, 'GET', '/api/keys?cursor=garbage')).status).toBe(400);
    expect(await count()).toBe(before);
  });

  describe('with two API processes on one database', () => {
    let second: RunningApi;
    beforeAll(async () => {
      second = await startApi(ctx.suite.config);
    });
    afterAll(() => second?.close());

    it('a key revoked through one is refused by the other on the very next request', async () => {
      const key = await createTestKey(db, { tenant: 'keys-a', scopes: ['runs:read'] });
      expect((await request(second.url, 'GET', '/api/runs?limit=1', undefined, key.auth)).status).toBe(200);
      expect((await request(ctx.base, 'GET', '/api/runs?limit=1', undefined, key.auth)).status).toBe(200);
      expect((await call(admin, 'DELETE', `/api/keys/${key.id}`)).status).toBe(200);
      expect(await request(second.url, 'GET', '/api/runs?limit=1', undefined, key.auth)).toMatchObject({ status: 401, body: { error: 'API key revoked' } });
    });
  });
});
