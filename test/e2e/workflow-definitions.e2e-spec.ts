import { useSuite } from '../support/harness';
import { request, waitForStatus, type JsonResponse } from '../support/http';
import type { WorkflowDefinitionJson } from '../support/api-types';
import { firstVersionOf, uniqueName } from '../support/registry';

describe('workflow definitions: versioned, content-addressed, named by runs', () => {
  const ctx = useSuite();
  const post = (body: unknown) => request(ctx.base, 'POST', '/api/workflows', body);
  const get = (path: string) => request(ctx.base, 'GET', path);
  const createRun = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    request(ctx.base, 'POST', '/api/runs', { name: 'by-definition', ...body }, headers);

  const twoSteps = (value: string) => ({
    nodes: [
      { id: 'first', type: 'echo', config: { value } },
      { id: 'second', type: 'echo', config: { value: '{{ nodes.first.output }}' } },
    ],
    edges: [{ from: 'first', to: 'second' }],
  });

  it('stores version 1, answers an identical re-post with 200 and the same version, and new content with version 2', async () => {
    const name = uniqueName('team.report');
    const first = await post({ name, description: 'Two steps', ...twoSteps('v1'), timeout: '5m' });
    expect(first.status).toBe(201);
    expect(first.body.workflow).toEqual({
      ...firstVersionOf(name, 'Two steps'),
      nodes: [
        { id: 'first', type: 'echo', config: { value: 'v1' }, depends_on: [] },
        { id: 'second', type: 'echo', config: { value: '{{ nodes.first.output }}' }, depends_on: ['first'] },
      ],
      timeout_ms: 300_000,
      input_schema: null,
    });

    // Same meaning, other spelling: keys reordered, depends_on instead of edges, timeout in ms.
    const same = await post({
      timeout: 300_000,
      nodes: [
        { config: { value: 'v1' }, type: 'echo', id: 'first' },
        { id: 'second', type: 'echo', depends_on: ['first'], config: { value: '{{ nodes.first.output }}' } },
      ],
      description: 'Two steps',
      name,
    });
    expect(same.status).toBe(200);
    expect(same.body.workflow).toEqual(first.body.workflow);

    const second = await post({ name, description: 'Two steps', ...twoSteps('v2') });
    expect(second.status).toBe(201);
    expect(second.body.workflow).toMatchObject({ name, version: 2 });
    expect(second.body.workflow.sha256).not.toBe(first.body.workflow.sha256);
    expect(second.body.workflow).not.toHaveProperty('timeout_ms');

    expect((await get(`/api/workflows/${name}`)).body.workflow).toEqual(second.body.workflow);
    expect((await get(`/api/workflows/${name}/versions/1`)).body.workflow).toEqual(first.body.workflow);
    const versions = await get(`/api/workflows/${name}/versions`);
    expect(versions.body.workflows.map((w) => w.version)).toEqual([2, 1]);

    // Posting v1's content again names v1; it does not make a v3.
    const again = await post({ name, description: 'Two steps', ...twoSteps('v1'), timeout: '5m' });
    expect(again.status).toBe(200);
    expect(again.body.workflow.version).toBe(1);
  });

  it('answers unknown names and versions with 404 JSON', async () => {
    const name = uniqueName('known');
    await post({ name, ...twoSteps('x') });
    for (const [path, detail] of [
      [`/api/workflows/${uniqueName('ghost')}`, /^workflow "ghost-.+" not found$/],
      [`/api/workflows/${name}/versions/7`, new RegExp(`^workflow "${name}" has no version 7$`)],
      [`/api/workflows/${name}/versions/latest`, new RegExp(`^workflow "${name}" has no version latest$`)],
      [`/api/workflows/${uniqueName('ghost')}/versions`, /^workflow "ghost-.+" not found$/],
    ] as const) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('Workflow not found');
      expect(res.body.details).toEqual([expect.stringMatching(detail)]);
    }
  });

  it.each([
    ['name with @', { name: 'a@2', nodes: [{ id: 'a', type: 'echo' }] }, 'name must be 1-64 characters of letters, digits, "_", "." or "-"'],
    ['missing nodes', { name: 'ok' }, 'nodes must be an array'],
    ['an unknown field', { name: 'ok', nodes: [{ id: 'a', type: 'echo' }], owner: 'me' }, 'property owner should not exist'],
    ['an edge to an unknown node', { name: 'ok', nodes: [{ id: 'a', type: 'echo' }], edges: [{ from: 'a', to: 'zz' }] }, 'edge "a" -> "zz": unknown node "zz"'],
    [
      'a node problem',
      { name: 'ok', nodes: [{ id: 'a', type: 'delay' }] },
      'node "a": config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"',
    ],
    [
      'an input_schema that does not compile',
      { name: 'ok', nodes: [{ id: 'a', type: 'echo' }], input_schema: { type: 'nope' } },
      expect.stringMatching(/^input_schema is not a valid JSON Schema: /),
    ],
    [
      'an input_schema that is not an object',
      { name: 'ok', nodes: [{ id: 'a', type: 'echo' }], input_schema: 'object' },
      'input_schema must be a JSON Schema object',
    ],
    [
      "an agent node's output_schema that does not compile",
      { name: 'ok', nodes: [{ id: 'writer', type: 'agent', config: { prompt: 'p', output_schema: { type: 'nope' } } }] },
      expect.stringMatching(/^node "writer": config.output_schema is not a valid JSON Schema: /),
    ],
  ])('refuses %s with 422', async (_case, body, detail) => {
    const res = await post(body);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Validation failed');
    expect(res.body.details).toContainEqual(detail);
  });

  it('gives 10 concurrent posts of different contents versions 1..10, and 10 identical ones a single version', async () => {
    const name = uniqueName('race');
    const different = await Promise.all(Array.from({ length: 10 }, (_, i) => post({ name, ...twoSteps(`content-${i}`) })));
    expect(different.map((res) => res.status)).toEqual(Array(10).fill(201));
    expect(different.map((res) => res.body.workflow.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

    const other = uniqueName('race-same');
    const identical = await Promise.all(Array.from({ length: 10 }, () => post({ name: other, ...twoSteps('same') })));
    expect(identical.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(identical.map((res) => res.body.workflow.version))).toEqual(new Set([1]));
    expect((await get(`/api/workflows/${other}/versions`)).body.workflows).toHaveLength(1);
  });

  it('lists the latest version of each name, by name, page by page', async () => {
    const prefix = uniqueName('list');
    const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const name of names) await post({ name, ...twoSteps('one') });
    await post({ name: names[1], ...twoSteps('two') });

    const seen: WorkflowDefinitionJson[] = [];
    let cursor: string | null = null;
    do {
      const page: JsonResponse = await get(`/api/workflows?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.workflows.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.workflows);
      cursor = page.body.next_cursor;
    } while (cursor);
    const ours = seen.filter((w) => w.name.startsWith(prefix));
    expect(ours.map((w) => [w.name, w.version])).toEqual([
      [names[0], 1],
      [names[1], 2],
      [names[2], 1],
    ]);
    expect(new Set(seen.map((w) => w.name)).size).toBe(seen.length);
    expect((await get('/api/workflows?cursor=garbage')).status).toBe(400);
  });

  it('runs "name@1" after v2 exists: the run records v1 and its sha, and executes v1\'s nodes', async () => {
    const name = uniqueName('pinned');
    const v1 = (await post({ name, ...twoSteps('from-v1') })).body.workflow;
    const v2 = (await post({ name, nodes: [{ id: 'only', type: 'echo', config: { value: 'from-v2' } }] })).body.workflow;

    const pinned = await createRun({ workflow: `${name}@1` });
    expect(pinned.status).toBe(201);
    expect(pinned.body.run.workflow).toEqual({ name, version: 1, sha256: v1.sha256 });
    const nodes = await get(`/api/runs/${pinned.body.run.id}/nodes`);
    expect(nodes.body.nodes.map((n) => n.id)).toEqual(['first', 'second']);

    const latest = await createRun({ workflow: name });
    expect(latest.body.run.workflow).toEqual({ name, version: 2, sha256: v2.sha256 });

    // A later version changes nothing for a run already created.
    await post({ name, nodes: [{ id: 'newest', type: 'echo' }] });
    expect((await get(`/api/runs/${latest.body.run.id}`)).body.run.workflow?.version).toBe(2);
    expect((await get(`/api/runs/${latest.body.run.id}/nodes`)).body.nodes.map((n) => n.id)).toEqual(['only']);

    const started = await createRun({ workflow: `${name}@1`, start: true });
    expect(started.body.run.workflow).toEqual({ name, version: 1, sha256: v1.sha256 });
    const done = await waitForStatus(ctx.base, started.body.run.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', output: 'from-v1', workflow: { name, version: 1 } });
  });

  it('answers an unknown workflow or version with 422 and writes no run', async () => {
    const name = uniqueName('exists');
    await post({ name, ...twoSteps('x') });
    const tag = uniqueName('no-run');
    const missing = await createRun({ workflow: uniqueName('ghost'), tags: [tag] });
    expect(missing.status).toBe(422);
    expect(missing.body.details).toEqual([expect.stringMatching(/^workflow "ghost-.+" not found$/)]);
    const noVersion = await createRun({ workflow: `${name}@7`, tags: [tag] });
    expect(noVersion.status).toBe(422);
    expect(noVersion.body.details).toEqual([`workflow "${name}" has no version 7`]);
    const malformed = await createRun({ workflow: `${name}@0`, tags: [tag] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.details).toEqual(['workflow must be a definition name, "name@version" (version a positive integer), or an inline definition object']);
    expect((await get(`/api/runs?tag=${tag}`)).body.runs).toEqual([]);
  });

  it('checks the run input against input_schema before writing anything', async () => {
    const name = uniqueName('typed');
    const input_schema = { type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'], additionalProperties: false };
    const posted = await post({ name, input_schema, nodes: [{ id: 'a', type: 'echo' }] });
    expect(posted.body.workflow.input_schema).toEqual(input_schema);
    const tag = uniqueName('typed-run');

    const wrongType = await createRun({ workflow: name, input: { url: 5 }, tags: [tag] });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body).toEqual({ error: 'Validation failed', details: ['input/url must be string'] });
    const missing = await createRun({ workflow: name, tags: [tag] });
    expect(missing.body.details).toEqual(['input must be object']);
    const extra = await createRun({ workflow: name, input: { url: 'https://example.com', x: 1 }, tags: [tag] });
    expect(extra.body.details).toEqual(['input has unknown property "x"']);
    expect((await get(`/api/runs?tag=${tag}`)).body.runs).toEqual([]);

    const ok = await createRun({ workflow: name, input: { url: 'https://example.com' }, tags: [tag] });
    expect(ok.status).toBe(201);
  });

  it('accepts an inline definition with description, edges and input_schema; it records only its sha', async () => {
    const definition = { description: 'inline', input_schema: { type: 'object', required: ['topic'] }, ...twoSteps('inline') };
    const bad = await createRun({ workflow: definition, input: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toEqual(["input must have required property 'topic'"]);

    const run = await createRun({ workflow: definition, input: { topic: 't' } });
    expect(run.status).toBe(201);
    // The inline sha is the content address the same definition gets in the registry.
    const stored = await post({ name: uniqueName('inline-twin'), ...definition });
    expect(run.body.run.workflow).toEqual({ name: null, version: null, sha256: stored.body.workflow.sha256 });
    expect((await get(`/api/runs/${run.body.run.id}/nodes`)).body.nodes.map((n) => n.id)).toEqual(['first', 'second']);

    const invalidSchema = await createRun({ workflow: { ...twoSteps('x'), input_schema: { type: 'nope' } } });
    expect(invalidSchema.status).toBe(422);
    expect(invalidSchema.body.details).toEqual([expect.stringMatching(/^workflow.input_schema is not a valid JSON Schema: /)]);

    expect((await createRun({})).body.run.workflow).toBeNull();
  });

  it('records the definition on create-and-start too, and the idempotency hash tells "name" from "name@2"', async () => {
    const name = uniqueName('idem');
    await post({ name, ...twoSteps('one') });
    const v2 = (await post({ name, ...twoSteps('two') })).body.workflow;

    const started = await createRun({ workflow: name, start: true });
    expect(started.body.run.workflow).toEqual({ name, version: 2, sha256: v2.sha256 });
    await waitForStatus(ctx.base, started.body.run.id, ['completed']);
    expect((await get(`/api/runs/${started.body.run.id}`)).body.run.workflow).toEqual({ name, version: 2, sha256: v2.sha256 });

    const token = uniqueName('token-x');
    expect((await createRun({ workflow: name, client_token: token })).status).toBe(201);
    expect((await createRun({ workflow: name, client_token: token })).status).toBe(200);
    const other = await createRun({ workflow: `${name}@2`, client_token: token });
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('Idempotency key reused with a different request body');
  });
});
