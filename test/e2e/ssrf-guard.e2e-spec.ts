import { SSRF_TRICKS } from '../fixtures/ssrf-tricks';
import { startSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';

/* Absolute URLs only can be a redirect's Location: a relative one (`not a url`) would stay on the allowed host. */
const REDIRECT_TRICKS = SSRF_TRICKS.filter(([url]) => /^[a-z]+:/i.test(url));

/**
 * The SSRF guard on the real stack: one run of http nodes, each aimed at a trick either directly or
 * through a redirect from the one allowed loopback server. Every node must fail with the trick's rule, and
 * the only requests that leave the worker are the redirecting ones to that server: the guard decides
 * before it connects, so no private or metadata address is ever contacted.
 */
describe('SSRF guard, end to end', () => {
  let suite: Awaited<ReturnType<typeof startSuite>>;
  let server: LoopbackServer;
  let origin: string;
  const hops: string[] = [];

  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      const to = new URL(req.url ?? '/', origin).searchParams.get('to');
      hops.push(to ?? '');
      if (to) return void res.writeHead(302, { location: to }).end();
      res.writeHead(404).end();
    });
    origin = server.origin;
    suite = await startSuite({ HTTP_ALLOWED_HOSTS: server.host });
  });
  afterAll(async () => {
    await suite.stop();
    await server.close();
  });

  it(`refuses ${SSRF_TRICKS.length} direct and ${REDIRECT_TRICKS.length} redirected tricks, each with its rule, without retrying`, async () => {
    // URLs go through the input: a literal file:// or credential URL would already be a 422 at the API.
    const direct = SSRF_TRICKS.map(([url, rule], i) => ({ id: `direct_${i}`, url, rule, via: url }));
    const redirected = REDIRECT_TRICKS.map(([url, rule], i) => ({ id: `redirect_${i}`, url, rule, via: `${origin}/hop?to=${encodeURIComponent(url)}` }));
    const cases = [...direct, ...redirected];
    const input = Object.fromEntries(cases.map((c) => [c.id, c.via]));
    const nodes = cases.map((c) => ({ id: c.id, type: 'http', config: { url: `{{ input.${c.id} }}` }, on_error: 'continue' }));

    const created = await request(suite.api.url, 'POST', '/api/runs', { name: 'ssrf', workflow: { nodes }, input, start: true });
    expect(created.status).toBe(201);
    const run = await waitForStatus(suite.api.url, created.body.run.id, ['completed', 'failed'], 120_000);
    expect(run.status).toBe('completed');

    const states = new Map((await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes`)).body.nodes.map((node) => [node.id, node]));
    const wrong = cases
      .map((c) => ({ ...c, node: states.get(c.id) }))
      .filter((c) => c.node?.status !== 'failed' || !c.node.error?.includes(`(rule ${c.rule})`))
      .map((c) => `${c.id} ${c.url}: expected rule ${c.rule}, got ${c.node?.status} ${c.node?.error}`);
    expect(wrong).toEqual([]);
    // Exactly one request per redirecting node reached the loopback server: no retries, no other hop.
    expect(hops.sort()).toEqual(REDIRECT_TRICKS.map(([url]) => url).sort());
  });
});
