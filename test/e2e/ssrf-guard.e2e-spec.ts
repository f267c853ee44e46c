import { SSRF_TRICKS } from '../fixtures/ssrf-tricks';
import { useSuiteWithAllowedServer } from '../support/harness';
import { request, waitForStatus } from '../support/http';

/* Absolute URLs only can be a redirect's Location: a relative one (`not a url`) would stay on the allowed host. */
const REDIRECT_TRICKS = SSRF_TRICKS.filter(([url]) => /^[a-z]+:/i.test(url));

/**
 * The SSRF guard on the real stack: one run of http nodes, each aimed at a trick either directly or
 * through a redirect from the one allowed loopback server. Every node must fail with the trick's rule, and
 * the only requests that leave the worker are the redirecting ones to that server: the guard decides
 * before it connects, so no private or metadata address is ever contacted.
 */
describe('SSRF guard, end to end', () => {
  const hops: string[] = [];

  const ctx = useSuiteWithAllowedServer((req, res) => {
    const to = new URL(req.url ?? '/', ctx.origin).searchParams.get('to');
    hops.push(to ?? '');
    if (to) return void res.writeHead(302, { location: to }).end();
    res.writeHead(404).end();
  });

  it(`refuses ${SSRF_TRICKS.length} direct and ${REDIRECT_TRICKS.length} redirected tricks, each with its rule, without retrying`, async () => {
    // URLs go through the input: a literal file:// or credential URL would already be a 422 at the API.
    const direct = SSRF_TRICKS.map(([url, rule], i) => ({ id: `direct_${i}`, url, rule, via: url }));
    const redirected = REDIRECT_TRICKS.map(([url, rule], i) => ({ id: `redirect_${i}`, url, rule, via: `${ctx.origin}/hop?to=${encodeURIComponent(url)}` }));
    const cases = [...direct, ...redirected];
    const input = Object.fromEntries(cases.map((c) => [c.id, c.via]));
    const nodes = cases.map((c) => ({ id: c.id, type: 'http', config: { url: `{{ input.${c.id} }}` }, on_error: 'continue' }));

    const created = await request(ctx.base, 'POST', '/api/runs', { name: 'ssrf', workflow: { nodes }, input, start: true });
    expect(created.status).toBe(201);
    const run = await waitForStatus(ctx.base, created.body.run.id, ['completed', 'failed'], 120_000);
    expect(run.status).toBe('completed');

    const states = new Map((await request(ctx.base, 'GET', `/api/runs/${run.id}/nodes`)).body.nodes.map((node) => [node.id, node]));
    const wrong = cases
      .map((c) => ({ ...c, node: states.get(c.id) }))
      .filter((c) => c.node?.status !== 'failed' || !c.node.error?.includes(`(rule ${c.rule})`))
      .map((c) => `${c.id} ${c.url}: expected rule ${c.rule}, got ${c.node?.status} ${c.node?.error}`);
    expect(wrong).toEqual([]);
    // Exactly one request per redirecting node reached the loopback server: no retries, no other hop.
    expect(hops.sort()).toEqual(REDIRECT_TRICKS.map(([url]) => url).sort());
  });
});
