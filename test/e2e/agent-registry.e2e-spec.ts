import type { Dag } from '@steadfast/domain';
import type { DataSource } from 'typeorm';
import { openDatabase, startApi, suiteConfig, type RunningApi } from '../support/harness';
import { request, type JsonResponse } from '../support/http';
import type { AgentJson } from '../support/api-types';
import { firstVersionOf, uniqueName } from '../support/registry';

// No run here is started (agent execution is the worker's business): only the API and Postgres are needed.
describe('agent registry, and agents snapshotted into runs', () => {
  let api: RunningApi;
  let db: DataSource;
  beforeAll(async () => {
    const config = suiteConfig();
    api = await startApi(config);
    db = await openDatabase(config);
  });
  afterAll(async () => {
    await api?.close();
    await db?.destroy();
  });

  const post = (body: unknown) => request(api.url, 'POST', '/api/agents', body);
  const get = (path: string) => request(api.url, 'GET', path);
  const createRun = (workflow: unknown) => request(api.url, 'POST', '/api/runs', { name: 'agent-run', workflow, input: { topic: 'tides' } });
  const runDag = async (runId: string) => (await db.query<{ dag: Dag }[]>('SELECT dag FROM runs WHERE id = $1', [runId]))[0].dag;

  const researcher = { model: 'small-model', system_prompt: 'You research.', tools: ['http_request', 'finish'], temperature: 0.2, max_steps: 6 };

  it('registers version 1, answers identical settings with 200, and new settings with version 2', async () => {
    const name = uniqueName('researcher');
    const first = await post({ name, description: 'Finds things', ...researcher });
    expect(first.status).toBe(201);
    expect(first.body.agent).toEqual({ ...firstVersionOf(name, 'Finds things'), ...researcher });

    const same = await post({
      max_steps: 6,
      temperature: 0.2,
      tools: ['http_request', 'finish'],
      system_prompt: 'You research.',
      model: 'small-model',
      description: 'Finds things',
      name,
    });
    expect(same.status).toBe(200);
    expect(same.body.agent).toEqual(first.body.agent);

    const second = await post({ name, description: 'Finds things', ...researcher, temperature: 0.7 });
    expect(second.status).toBe(201);
    expect(second.body.agent).toMatchObject({ version: 2, temperature: 0.7 });

    expect((await get(`/api/agents/${name}`)).body.agent).toEqual(second.body.agent);
    expect((await get(`/api/agents/${name}/versions/1`)).body.agent).toEqual(first.body.agent);
    expect((await get(`/api/agents/${name}/versions`)).body.agents.map((a) => a.version)).toEqual([2, 1]);
    const listed: AgentJson[] = [];
    let cursor: string | null = null;
    do {
      const page: JsonResponse = await get(`/api/agents?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      listed.push(...page.body.agents);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(listed.filter((a) => a.name === name)).toEqual([second.body.agent]);

    const missing = await get(`/api/agents/${name}/versions/3`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'Agent not found', details: [`agent "${name}" has no version 3`] });
    expect((await get(`/api/agents/${uniqueName('ghost')}`)).status).toBe(404);
  });

  it('gives concurrent registrations of one name consecutive versions', async () => {
    const name = uniqueName('busy');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post({ name, max_steps: i + 1 })));
    expect(results.map((res) => res.body.agent.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['a bad temperature', { temperature: 5 }, 'temperature must be a number from 0 to 2'],
    ['an unknown tool', { tools: ['shell'] }, 'tools must be an array of "http_request", "finish", "patch_workflow"'],
    ['too many steps', { max_steps: 51 }, 'max_steps must be an integer from 1 to 50'],
    ['an output_schema that does not compile', { output_schema: { type: 'nope' } }, expect.stringMatching(/^output_schema is not a valid JSON Schema: /)],
    ['an output_schema that is not an object', { output_schema: [1] }, 'output_schema must be a JSON Schema object'],
    ['a name with a dot', { name: 'team.writer' }, 'name must be 1-64 characters of letters, digits, "_" or "-"'],
    ['an unknown field', { prompt: 'nodes carry prompts, agents do not' }, 'property prompt should not exist'],
  ])('refuses %s with 422', async (_case, fields, detail) => {
    const res = await post({ name: 'valid-name', ...fields });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Validation failed');
    expect(res.body.details).toEqual([detail]);
  });

  it("snapshots the registered agent into the run: its settings under the node's own, with the version", async () => {
    const name = uniqueName('writer');
    await post({ name, ...researcher, output_schema: { type: 'object', required: ['summary'] } });
    const workflow = { nodes: [{ id: 'write', type: 'agent', config: { agent: name, prompt: 'Write about {{ input.topic }}', temperature: 1.1 } }] };

    const run = await createRun(workflow);
    expect(run.status).toBe(201);
    const config = {
      ...researcher,
      output_schema: { type: 'object', required: ['summary'] },
      agent: name,
      agent_version: 1,
      prompt: 'Write about {{ input.topic }}',
      temperature: 1.1,
    };
    expect((await runDag(run.body.run.id)).nodes[0].config).toEqual(config);

    // Registering v2 changes nothing for the run already created, and new runs take v2.
    await post({ name, ...researcher, model: 'large-model' });
    expect((await runDag(run.body.run.id)).nodes[0].config).toEqual(config);
    const later = await createRun(workflow);
    expect((await runDag(later.body.run.id)).nodes[0].config).toMatchObject({ model: 'large-model', agent_version: 2, temperature: 1.1 });

    // A node may pin a version.
    const pinned = await createRun({ nodes: [{ id: 'write', type: 'agent', config: { agent: name, agent_version: 1, prompt: 'p' } }] });
    expect((await runDag(pinned.body.run.id)).nodes[0].config).toMatchObject({ model: 'small-model', agent_version: 1 });
  });

  it('resolves agents named by a stored definition when the run is created, not when the definition is posted', async () => {
    const agent = uniqueName('late');
    const definition = uniqueName('uses-agent');
    const posted = await request(api.url, 'POST', '/api/workflows', {
      name: definition,
      nodes: [{ id: 'think', type: 'agent', config: { agent, prompt: 'p' } }],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.workflow.nodes[0].config).toEqual({ agent, prompt: 'p' });

    const before = await createRun(definition);
    expect(before.status).toBe(422);
    expect(before.body.details).toEqual([`node "think": agent "${agent}" is not registered`]);

    await post({ name: agent, model: 'm' });
    const run = await createRun(definition);
    expect(run.status).toBe(201);
    expect((await runDag(run.body.run.id)).nodes[0].config).toEqual({ model: 'm', agent, agent_version: 1, prompt: 'p' });
  });

  it('refuses unknown agents and versions with 422 naming the node, and writes no run', async () => {
    const name = uniqueName('known');
    await post({ name, model: 'm' });
    const runCount = async () => (await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM runs'))[0].n;
    const before = await runCount();
    const res = await createRun({
      nodes: [
        { id: 'a', type: 'agent', config: { agent: 'nobody-here', prompt: 'p' } },
        { id: 'b', type: 'agent', config: { agent: name, agent_version: 9, prompt: 'p' } },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(['node "a": agent "nobody-here" is not registered', `node "b": agent "${name}" has no version 9`]);

    const badSchema = await createRun({ nodes: [{ id: 'c', type: 'agent', config: { prompt: 'p', output_schema: { type: 'nope' } } }] });
    expect(badSchema.status).toBe(422);
    expect(badSchema.body.details).toEqual([expect.stringMatching(/^node "c": config.output_schema is not a valid JSON Schema: /)]);
    expect(await runCount()).toBe(before);
  });
});
