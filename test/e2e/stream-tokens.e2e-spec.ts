import type { DataSource } from 'typeorm';
import { hashStreamToken } from '@steadfast/persistence';
import { bearer, createTestKey, type TestKey } from '../support/api-keys';
import { startApiProcess } from '../support/api-process';
import { eventually } from '../support/eventually';
import { openDatabase, startApi, useSuite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';

const UNKNOWN_RUN = 'run-01ARZ3NDEKTSV4RRFFQ69G5FAV';

/**
 * Stream tokens: POST /api/runs/:id/stream-token hands out a short-lived token that logs/stream and
 * events (and nothing else) accept as ?token=, for one run, while its key is live; it is never logged.
 */
describe('stream tokens', () => {
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let db: DataSource;
  let key: TestKey;
  let runId: string;
  let otherRunId: string;

  beforeAll(async () => {
    db = await openDatabase(ctx.suite.config);
    key = await createTestKey(db, { tenant: 'tokens-a', scopes: ['runs:read', 'runs:write'] });
    runId = (await call(key.auth, 'POST', '/api/runs', { name: 'streamed', start: true })).body.run.id;
    otherRunId = (await call(key.auth, 'POST', '/api/runs', { name: 'other', start: true })).body.run.id;
    await waitForStatus(ctx.base, runId, ['completed'], 60_000, key.auth);
    await waitForStatus(ctx.base, otherRunId, ['completed'], 60_000, key.auth);
  });
  afterAll(() => db?.destroy());

  const call = (headers: Record<string, string>, method: string, path: string, body?: unknown) => request(ctx.base, method, path, body, headers);
  const issue = async (id = runId, body?: unknown, headers = key.auth) => {
    const res = await call(headers, 'POST', `/api/runs/${id}/stream-token`, body);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
    return res.body.token;
  };
  const refused = async (path: string, error: string, headers: Record<string, string> = {}) => {
    const res = await call(headers, 'GET', path);
    expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 401, body: { error } });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  };

  it('hands out a token for ten minutes by default, or for the ttl_seconds asked, up to an hour', async () => {
    const res = await call(key.auth, 'POST', `/api/runs/${runId}/stream-token`);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ success: true, token: expect.stringMatching(/^st_[A-Za-z0-9_-]{43}$/), expires_at: expect.any(String) });
    expect(Date.parse(res.body.expires_at) - Date.now()).toBeGreaterThan(595_000);
    expect(Date.parse(res.body.expires_at) - Date.now()).toBeLessThanOrEqual(600_000);

    const short = await call(key.auth, 'POST', `/api/runs/${runId}/stream-token`, { ttl_seconds: 30 });
    expect(Date.parse(short.body.expires_at) - Date.now()).toBeLessThanOrEqual(30_000);
    const longest = await call(key.auth, 'POST', `/api/runs/${runId}/stream-token`, { ttl_seconds: 3600 });
    expect(Date.parse(longest.body.expires_at) - Date.now()).toBeGreaterThan(3_590_000);
    // Only the hash is stored.
    const [row] = await db.query<{ run_id: string; tenant: string; key_id: string }[]>(`SELECT run_id, tenant, key_id FROM stream_tokens WHERE hash = $1`, [
      hashStreamToken(res.body.token),
    ]);
    expect(row).toEqual({ run_id: runId, tenant: 'tokens-a', key_id: key.id });
  });

  it('refuses a bad ttl_seconds with 422, and a run of another tenant or none with 404', async () => {
    const cases: [unknown, string][] = [
      [{ ttl_seconds: 0 }, 'ttl_seconds must be at least 1'],
      [{ ttl_seconds: 3601 }, 'ttl_seconds must be at most 3600'],
      [{ ttl_seconds: 1.5 }, 'ttl_seconds must be an integer'],
      [{ ttl_seconds: '60' }, 'ttl_seconds must be an integer'],
      [{ ttl_seconds: null }, 'ttl_seconds must be an integer'],
      [{ run_id: runId }, 'property run_id should not exist'],
    ];
    for (const [body, detail] of cases) {
      const res = await call(key.auth, 'POST', `/api/runs/${runId}/stream-token`, body);
      expect({ body, status: res.status, error: res.body.error }).toEqual({ body, status: 422, error: 'Validation failed' });
      expect(res.body.details).toContain(detail);
    }
    const stranger = await createTestKey(db, { tenant: 'tokens-b', scopes: ['runs:read'] });
    for (const id of [runId, UNKNOWN_RUN, 'nope']) {
      expect(await call(stranger.auth, 'POST', `/api/runs/${id}/stream-token`)).toMatchObject({ status: 404, body: { error: 'Run not found' } });
    }
    const writer = await createTestKey(db, { tenant: 'tokens-a', scopes: ['runs:write'] });
    expect((await call(writer.auth, 'POST', `/api/runs/${runId}/stream-token`)).status).toBe(403);
    expect((await call({}, 'POST', `/api/runs/${runId}/stream-token`)).status).toBe(401);
  });

  it('opens the run stream and the events page with ?token= and no Authorization header', async () => {
    const token = await issue();
    const sse = await openSse(`${ctx.base}/api/runs/${runId}/logs/stream?token=${token}`);
    expect(sse.status).toBe(200);
    await sse.closed;
    expect(sse.frames.map((f) => f.data.type)).toEqual(['connected', 'status_update', 'node_started', 'node_completed', 'status_update', 'final']);

    const page = await call({}, 'GET', `/api/runs/${runId}/events?after=2&limit=2&token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body.events.map((e) => e.seq)).toEqual([3, 4]);
    // Resumed past final, the stream answers 204 as it does with a key.
    expect((await fetch(`${ctx.base}/api/runs/${runId}/logs/stream?lastEventId=5&token=${token}`)).status).toBe(204);
  });

  it('refuses a token for another run, an unknown, malformed or expired one, and one whose key was revoked', async () => {
    const token = await issue();
    await refused(`/api/runs/${otherRunId}/logs/stream?token=${token}`, 'Stream token is for another run');
    await refused(`/api/runs/${otherRunId}/events?token=${token}`, 'Stream token is for another run');
    await refused(`/api/runs/${runId}/events?token=st_${'A'.repeat(43)}`, 'Invalid stream token');
    for (const malformed of ['', 'nope', key.secret, `${token}x`, `${token}&token=${token}`]) {
      await refused(`/api/runs/${runId}/logs/stream?token=${encodeURIComponent(malformed)}`, 'Malformed stream token: expected token=st_<43 characters>');
    }
    await refused(`/api/runs/${runId}/events?token=${token}&token=${token}`, 'Malformed stream token: expected token=st_<43 characters>');

    const brief = await issue(runId, { ttl_seconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await refused(`/api/runs/${runId}/logs/stream?token=${brief}`, 'Stream token expired: ask POST /api/runs/{id}/stream-token for a new one');
    await refused(`/api/runs/${runId}/events?token=${brief}`, 'Stream token expired: ask POST /api/runs/{id}/stream-token for a new one');

    const doomed = await createTestKey(db, { tenant: 'tokens-a', scopes: ['runs:read'] });
    const orphan = await issue(runId, undefined, doomed.auth);
    expect((await call({}, 'GET', `/api/runs/${runId}/events?token=${orphan}`)).status).toBe(200);
    const admin = await createTestKey(db, { tenant: 'tokens-a', scopes: ['admin'] });
    expect((await call(admin.auth, 'DELETE', `/api/keys/${doomed.id}`)).status).toBe(200);
    await refused(`/api/runs/${runId}/logs/stream?token=${orphan}`, 'API key revoked');
    await refused(`/api/runs/${runId}/events?token=${orphan}`, 'API key revoked');
  });

  it('is not a key: any other route, and an Authorization header, refuse it', async () => {
    const token = await issue();
    for (const path of [
      `/api/runs/${runId}?token=${token}`,
      `/api/runs?token=${token}`,
      `/api/runs/${runId}/nodes?token=${token}`,
      `/api/runs/${runId}/definition?token=${token}`,
      `/api/approvals?token=${token}`,
    ]) {
      await refused(path, 'Missing API key: send Authorization: Bearer sk_...');
    }
    for (const [method, path] of [
      ['POST', `/api/runs/${runId}/stream-token?token=${token}`],
      ['POST', `/api/runs/${runId}/cancel?token=${token}`],
    ]) {
      expect({ path, ...(await call({}, method, path)) }).toMatchObject({
        path,
        status: 401,
        body: { error: 'Missing API key: send Authorization: Bearer sk_...' },
      });
    }
    const malformedKey = 'Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>';
    for (const path of [`/api/runs/${runId}`, `/api/runs/${runId}/events`, `/api/runs/${runId}/logs/stream`]) {
      await refused(path, malformedKey, bearer(token));
    }
  });

  it('holds across API processes, and issuing deletes the expired tokens', async () => {
    const second = await startApi(ctx.suite.config);
    try {
      const brief = await issue(runId, { ttl_seconds: 1 });
      const token = await issue();
      const page = await request(second.url, 'GET', `/api/runs/${runId}/events?token=${token}`);
      expect(page.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const stored = async (t: string) => (await db.query<unknown[]>(`SELECT 1 FROM stream_tokens WHERE hash = $1`, [hashStreamToken(t)])).length;
      expect(await stored(brief)).toBe(1);
      const next = (await request(second.url, 'POST', `/api/runs/${runId}/stream-token`, undefined, key.auth)).body.token;
      expect(await stored(brief)).toBe(0);
      expect(await stored(token)).toBe(1);
      expect((await call({}, 'GET', `/api/runs/${runId}/events?token=${next}`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('still works with AUTH_DISABLED=true, and such a token is worthless once authentication is on', async () => {
    const open = await startApi({ ...ctx.suite.config, auth: { disabled: true } });
    try {
      // Without keys every caller is the default tenant's admin.
      const ownRun = (await request(open.url, 'POST', '/api/runs', { name: 'open', start: true })).body.run.id;
      const issued = await request(open.url, 'POST', `/api/runs/${ownRun}/stream-token`);
      expect(issued.status).toBe(201);
      const sse = await openSse(`${open.url}/api/runs/${ownRun}/logs/stream?token=${issued.body.token}`);
      expect(sse.status).toBe(200);
      await sse.closed;
      expect(sse.frames.at(-1)?.data.type).toBe('final');
      await refused(`/api/runs/${ownRun}/events?token=${issued.body.token}`, 'Invalid stream token');
    } finally {
      await open.close();
    }
  });

  it('never writes a token to the logs, even at debug level where every request is logged', async () => {
    const api = await startApiProcess(ctx.suite.config, { LOG_LEVEL: 'debug', AUTH_DISABLED: 'false' });
    try {
      const token = (await request(api.url, 'POST', `/api/runs/${runId}/stream-token`, undefined, key.auth)).body.token;
      const sse = await openSse(`${api.url}/api/runs/${runId}/logs/stream?lastEventId=0&token=${token}`);
      await sse.closed;
      expect((await request(api.url, 'GET', `/api/runs/${runId}/events?token=${token}&limit=2`)).status).toBe(200);
      expect((await request(api.url, 'GET', `/api/runs/${otherRunId}/events?token=${token}`)).status).toBe(401);
      expect((await request(api.url, 'GET', `/api/runs/${runId}?token=${token}`)).status).toBe(401);
      expect((await request(api.url, 'GET', `/api/runs/${runId}/events?%74oken=${token}`)).status).toBe(200);
      expect((await request(api.url, 'GET', `/api/runs/${runId}`, undefined, bearer(token))).status).toBe(401);
      // The requests were logged, with the token's place marked.
      const lines = [
        `/api/runs/${runId}/logs/stream?lastEventId=0&token=[redacted]`,
        `/api/runs/${otherRunId}/events?token=[redacted]`,
        `/api/runs/${runId}?token=[redacted]`,
        `/api/runs/${runId}/events?%74oken=[redacted]`,
      ];
      await eventually(async () => expect(lines.filter((line) => !api.output().includes(line))).toEqual([]), {
        timeoutMs: 10_000,
        message: 'every request to be logged',
      });
      expect(api.output()).not.toContain(token.slice(3));
    } finally {
      await api.stop();
    }
  });
});
