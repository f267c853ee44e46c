import { startApi, suiteConfig, type RunningApi } from '../support/harness';
import { request } from '../support/http';
import { rawHttp, rawRequest } from '../support/raw-http';

/** Bad input of every kind gets a 4xx JSON error naming the problem, and the server keeps answering. */
describe('hostile input', () => {
  let api: RunningApi;
  let base: string;
  const ALLOWED_ORIGIN = 'https://console.example.com';

  beforeAll(async () => {
    api = await startApi(suiteConfig({ CORS_ORIGINS: ALLOWED_ORIGIN }));
    base = api.url;
  });
  afterAll(() => api?.close());

  const send = (method: string, path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    rawRequest(
      base,
      rawHttp(
        method,
        path,
        Object.entries({ 'content-type': 'application/json', ...headers }).map(([k, v]) => `${k}: ${v}`),
        body,
      ),
    );

  function expectJsonError(res: { status: number; headers: Record<string, string> | Headers; body: unknown }, status: number, error?: string | RegExp) {
    const contentType = res.headers instanceof Headers ? res.headers.get('content-type') : res.headers['content-type'];
    expect({ status: res.status, contentType }).toEqual({ status, contentType: expect.stringMatching(/^application\/json/) });
    const body = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as { error: unknown };
    expect(typeof body.error).toBe('string');
    if (error !== undefined) expect(body.error).toMatch(error);
    return body as { error: string; details?: string[] };
  }

  describe('bodies', () => {
    it('refuses JSON nested deeper than 64 levels with 400, on every route that takes a body', async () => {
      const deep = '{"name":"deep","input":' + '{"a":'.repeat(70) + '1' + '}'.repeat(70) + '}';
      for (const path of ['/api/runs', '/api/workflows', '/api/agents', '/api/approvals/apr-00000000-0000-0000-0000-000000000000/decide']) {
        const body = expectJsonError(await send('POST', path, deep), 400, 'JSON nested too deeply');
        expect(body.details).toEqual(['objects and arrays may nest at most 64 levels']);
      }
    });

    it('refuses a million open brackets without falling over', async () => {
      expectJsonError(await send('POST', '/api/runs', '['.repeat(200_000)), 400, 'JSON nested too deeply');
      expect((await request(base, 'GET', '/ready')).status).toBe(200);
    });

    it.each([
      ['__proto__ at the top', '{"name":"x","__proto__":{"polluted":true}}', '$.__proto__'],
      ['constructor.prototype in the input', '{"name":"x","input":{"constructor":{"prototype":{"polluted":true}}}}', '$.input.constructor'],
      ['__proto__ inside a node config', '{"name":"w","nodes":[{"id":"a","type":"echo","config":{"__proto__":{"x":1}}}]}', '$.nodes[0].config.__proto__'],
    ])('refuses a prototype-pollution key (%s) with 400 naming where it is', async (_, body, path) => {
      const res = expectJsonError(await send('POST', '/api/runs', body), 400, 'Forbidden key in JSON body');
      expect(res.details?.[0]).toContain(path);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses U+0000 and unpaired surrogates with 400 (Postgres cannot store them)', async () => {
      expectJsonError(await request(base, 'POST', '/api/runs', { name: 'a\u0000b' }), 400, 'Invalid character in JSON body');
      expectJsonError(await request(base, 'POST', '/api/agents', { name: 'a', description: '\ud800' }), 400, 'Invalid character in JSON body');
      expectJsonError(await request(base, 'GET', '/api/runs?tag=a%00'), 400, 'NUL character in the URL');
      expectJsonError(await request(base, 'GET', '/api/approvals?run_id=%00'), 400, 'NUL character in the URL');
      expectJsonError(await request(base, 'GET', '/api/workflows/a%00b'), 400, 'NUL character in the URL');
    });

    it('refuses invalid UTF-8 with 400', async () => {
      const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      expectJsonError(await send('POST', '/api/runs', body), 400, 'Invalid UTF-8 in the request body');
    });

    it('answers malformed, empty and non-JSON bodies with a 4xx JSON error', async () => {
      expectJsonError(await send('POST', '/api/runs', '{"name": tru'), 400, /^Malformed JSON/);
      expectJsonError(await send('POST', '/api/runs', ''), 400, /empty/);
      expectJsonError(await send('POST', '/api/runs', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
      expectJsonError(await send('POST', '/api/runs', '"just a string"'), 422);
      expectJsonError(await send('POST', '/api/runs', '[1,2,3]'), 422);
      expectJsonError(await send('POST', '/api/runs', 'null'), 422);
    });

    it('answers wrong types and huge strings with 422 and the field named', async () => {
      const cases: [string, unknown, string][] = [
        ['/api/runs', { name: 42 }, 'name must be a string'],
        ['/api/runs', { name: 'x'.repeat(100_000) }, 'name must be at most 128 characters'],
        ['/api/workflows', { name: 'w', nodes: 'all of them' }, 'nodes must be an array'],
        ['/api/workflows', { name: 'w', nodes: [], description: 'x'.repeat(100_000) }, 'description must be at most'],
        ['/api/agents', { name: ['a'] }, 'name must be a string'],
        ['/api/approvals/apr-00000000-0000-0000-0000-000000000000/decide', { decision: 'maybe', decided_by: 'x' }, 'decision must be one of'],
      ];
      for (const [path, body, detail] of cases) {
        const res = expectJsonError(await request(base, 'POST', path, body), 422, 'Validation failed');
        expect(res.details?.join('\n')).toContain(detail);
      }
    });

    it('answers a body over the size limit with 413', async () => {
      expectJsonError(await request(base, 'POST', '/api/runs', { name: 'big', input: 'x'.repeat(300_000) }), 413);
    });
  });

  describe('ids, cursors and stream positions', () => {
    const unknownRun = 'run-01ARZ3NDEKTSV4RRFFQ69G5FAV';

    it.each([
      '/api/runs/not-a-run',
      '/api/runs/run-01arz3ndektsv4rrffq69g5fav',
      `/api/runs/${unknownRun}`,
      `/api/runs/${unknownRun}/nodes`,
      `/api/runs/${unknownRun}/nodes/a/output`,
      `/api/runs/${unknownRun}/events`,
      `/api/runs/${unknownRun}/patches`,
      `/api/runs/${unknownRun}/patches/p1`,
      `/api/runs/${unknownRun}/definition`,
      `/api/runs/${unknownRun}/logs/stream`,
      '/api/approvals/apr-nope',
      '/api/approvals/apr-00000000-0000-0000-0000-000000000000',
      '/api/workflows/..%2F..%2Fetc',
      '/api/workflows/x/versions/0',
      '/api/workflows/x/versions/1e309',
      '/api/agents/x/versions/-1',
      '/api/agents/x/versions/99999999999',
      '/api/workflows/x/versions/2147483648',
      '/api/no-such-route',
    ])('GET %s is a 404 JSON error', async (path) => {
      expectJsonError(await request(base, 'GET', path), 404);
    });

    it('answers an over-long id with 414 and an undecodable one with 400', async () => {
      expectJsonError(await request(base, 'GET', `/api/runs/${'x'.repeat(300)}`), 414);
      expectJsonError(await request(base, 'GET', `/api/runs/run-x/patches/${'p'.repeat(300)}`), 414);
      expectJsonError(await request(base, 'GET', '/api/runs/%00%ff'), 400);
    });

    it.each(['/api/runs', '/api/workflows', '/api/agents', '/api/approvals'])('GET %s with a forged cursor is a 400', async (path) => {
      for (const cursor of ['garbage', Buffer.from('{"before":"../../etc"}').toString('base64url'), Buffer.from('[]').toString('base64url'), '%FF%FE']) {
        expectJsonError(await request(base, 'GET', `${path}?cursor=${cursor}`), 400, 'Invalid cursor');
      }
      expectJsonError(await request(base, 'GET', `${path}?cursor=${'A'.repeat(5000)}`), 422);
    });

    it.each(['-1', '99999999999999999999', 'abc', '1e3', '+1', '0x10', '1,2'])('a Last-Event-ID of %j is a 400', async (value) => {
      const res = expectJsonError(
        await request(base, 'GET', `/api/runs/${unknownRun}/logs/stream`, undefined, { 'last-event-id': value }),
        400,
        'Invalid Last-Event-ID',
      );
      expect(res.details).toEqual(['Last-Event-ID must be a non-negative integer']);
      expectJsonError(await request(base, 'GET', `/api/runs/${unknownRun}/logs/stream?lastEventId=${encodeURIComponent(value)}`), 400, 'Invalid Last-Event-ID');
    });

    it('answers bad list parameters with 422', async () => {
      expectJsonError(await request(base, 'GET', '/api/runs?limit=-5'), 422);
      expectJsonError(await request(base, 'GET', '/api/runs?limit=1&limit=2'), 422);
      expectJsonError(await request(base, 'GET', '/api/runs?status[$ne]=x'), 422);
      expectJsonError(await request(base, 'GET', `/api/runs/${unknownRun}/events?after=-1`), 422);
      expectJsonError(await request(base, 'GET', '/api/runs?limit=99999999999999999999'), 422);
      expectJsonError(await request(base, 'GET', `/api/runs/${unknownRun}/events?after=99999999999999999999`), 422);
      expectJsonError(await request(base, 'GET', '/api/approvals?status=everything'), 422);
    });
  });

  describe('headers and query-string floods', () => {
    it('answers 431 as JSON to headers over the size limit, and keeps serving', async () => {
      const res = await rawRequest(base, rawHttp('GET', '/api/runs', [`x-flood: ${'a'.repeat(32_000)}`]));
      expectJsonError(res, 431);
      const many = await rawRequest(
        base,
        rawHttp(
          'GET',
          '/api/runs',
          Array.from({ length: 3000 }, (_, i) => `x-h${i}: v`),
        ),
      );
      expectJsonError(many, 431);
      expect((await request(base, 'GET', '/ready')).status).toBe(200);
    });

    it('answers a query string with thousands of parameters with a short 422', async () => {
      const query = Array.from({ length: 1500 }, (_, i) => `p${i}=1`).join('&');
      const res = expectJsonError(await request(base, 'GET', `/api/runs?${query}`), 422, 'Validation failed');
      expect(res.details!.length).toBeLessThanOrEqual(21);
      expect(res.details![res.details!.length - 1]).toMatch(/more problems$/);
    });

    it('answers a request line with garbage with a 400 JSON error', async () => {
      expectJsonError(await rawRequest(base, 'GET /api/runs HTTP/1.1\r\nhost: x\r\nbad header line\r\n\r\n'), 400);
    });
  });

  describe('security headers and CORS', () => {
    it('sets helmet headers and a no-load CSP on API responses', async () => {
      const res = await request(base, 'GET', '/api/runs');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
      expect(res.headers.get('x-powered-by')).toBeNull();
      // Errors carry them too.
      expect((await request(base, 'GET', '/api/runs/nope')).headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('relaxes the CSP for the Swagger UI only, which still loads', async () => {
      const page = await fetch(`${base}/docs`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
      const init = await fetch(`${base}/docs/swagger-ui-init.js`);
      expect(init.status).toBe(200);
    });

    it('allows a preflight from a listed origin and refuses another', async () => {
      const preflight = (origin: string) =>
        fetch(`${base}/api/runs`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight(ALLOWED_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      const refused = await preflight('https://evil.example.net');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await fetch(`${base}/api/runs`, { headers: { origin: 'https://evil.example.net' } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
