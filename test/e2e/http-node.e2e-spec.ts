import type { IncomingMessage } from 'node:http';
import { useSuiteWithAllowedServer } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import type { HttpResponseOutput } from '@steadfast/engine';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server the http node may call (it is on HTTP_ALLOWED_HOSTS); everything else is refused. */
describe('http node', () => {
  const seen: Seen[] = [];
  const flaky = new Map<string, number>();

  const ctx = useSuiteWithAllowedServer((req, res, body) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const path = new URL(req.url ?? '/', ctx.origin).pathname;
    if (path === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Hello', n: 2 }));
    if (path === '/echo')
      return void res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ method: req.method, body: JSON.parse(body || 'null'), query: req.url }));
    if (path === '/flaky') {
      const count = (flaky.get(req.url ?? '') ?? 0) + 1;
      flaky.set(req.url ?? '', count);
      return void (count < 3 ? res.writeHead(503).end('busy') : res.writeHead(200, { 'content-type': 'text/plain' }).end('finally'));
    }
    if (path === '/big') return void res.writeHead(200).end('x'.repeat(5000));
    if (path === '/redirect-local') return void res.writeHead(302, { location: '/json' }).end();
    if (path === '/redirect-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (path === '/redirect-other-port') return void res.writeHead(307, { location: `http://127.0.0.1:${ctx.server.port + 1}/` }).end();
    if (path === '/redirect-admin') return void res.writeHead(302, { location: '/admin' }).end();
    res.writeHead(404).end();
  });

  async function run(nodes: unknown[], input?: unknown) {
    const { body } = await request(ctx.base, 'POST', '/api/runs', { name: 'http', workflow: { nodes }, input, start: true });
    return waitForStatus(ctx.base, body.run.id, ['completed', 'failed'], 60_000);
  }

  it('GETs JSON and returns {status, headers, body} with the body parsed', async () => {
    const done = await run([{ id: 'get', type: 'http', config: { url: `${ctx.origin}/json` } }]);
    expect(done.status).toBe('completed');
    expect(done.output).toMatchObject({ status: 200, body: { title: 'Hello', n: 2 }, headers: { 'content-type': 'application/json' } });
  });

  it('POSTs a templated JSON body and query, feeding the next node', async () => {
    const done = await run(
      [
        { id: 'post', type: 'http', config: { method: 'POST', url: `${ctx.origin}/echo`, query: { q: '{{ input.q }}' }, body: { user: '{{ input.user }}' } } },
        { id: 'pick', type: 'echo', config: { value: '{{ nodes.post.output.body.body.user }}' }, depends_on: ['post'] },
      ],
      { user: 'ada', q: 'find me' },
    );
    expect(done.status).toBe('completed');
    expect(done.output).toBe('ada');
    const last = seen.filter((s) => s.url.startsWith('/echo')).pop() as Seen;
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/echo?q=find+me');
    expect(last.headers['content-type']).toBe('application/json');
  });

  it('retries a 503 with the same Idempotency-Key on every attempt', async () => {
    const done = await run([
      { id: 'flaky', type: 'http', config: { url: `${ctx.origin}/flaky?id=${Date.now()}` }, retry: { max_attempts: 4, initial_interval: '100ms', backoff: 1 } },
    ]);
    expect(done.status).toBe('completed');
    expect((done.output as HttpResponseOutput).body).toBe('finally');
    const attempts = seen.filter((s) => s.url.startsWith('/flaky')).slice(-3);
    expect(attempts).toHaveLength(3);
    const keys = new Set(attempts.map((a) => a.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('follows a redirect on the allowed host', async () => {
    const done = await run([{ id: 'r', type: 'http', config: { url: `${ctx.origin}/redirect-local` } }]);
    expect((done.output as HttpResponseOutput).body).toEqual({ title: 'Hello', n: 2 });
  });

  it.each([
    ['/redirect-metadata', 'metadata_ip'],
    ['/redirect-other-port', 'loopback'],
    ['/redirect-admin', 'blocked_path'],
  ])('refuses a redirect hop %s by rule %s, without retrying', async (path, rule) => {
    const before = seen.length;
    const done = await run([{ id: 'r', type: 'http', config: { url: `${ctx.origin}${path}` } }]);
    expect(done.status).toBe('failed');
    expect(done.error).toContain(`request refused by the SSRF guard (rule ${rule})`);
    expect(seen.length - before).toBe(1); // one request to our server, no retry, nothing beyond the redirect
  });

  it.each([
    ['http://0x7f000001:9/', 'loopback'],
    ['http://[::ffff:127.0.0.1]:9/', 'loopback'],
    ['http://localhost:9/', 'local_host'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata_host'],
    ['file:///etc/passwd', 'protocol'],
  ])('refuses %s before connecting (rule %s)', async (url, rule) => {
    const done = await run([{ id: 'r', type: 'http', config: { url: '{{ input.url }}' } }], { url });
    expect(done.status).toBe('failed');
    expect(done.error).toContain(`(rule ${rule})`);
  });

  it('fails a response over max_response_bytes', async () => {
    const done = await run([{ id: 'big', type: 'http', config: { url: `${ctx.origin}/big`, max_response_bytes: 1000 } }]);
    expect(done.status).toBe('failed');
    expect(done.error).toContain('response is larger than max_response_bytes (1000)');
  });

  it('rejects a bad http config with 422', async () => {
    const res = await request(ctx.base, 'POST', '/api/runs', {
      name: 'bad',
      workflow: { nodes: [{ id: 'h', type: 'http', config: { url: 'ftp://x', method: 'TRACE', max_response_bytes: 0 } }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([
      'node "h": config.url must be an http or https URL',
      'node "h": config.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD',
      'node "h": config.max_response_bytes must be an integer from 1 to 10485760',
    ]);
  });
});
