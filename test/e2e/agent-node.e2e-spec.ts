import type { IncomingMessage } from 'node:http';
import { startScriptedModel, type ChatRequest, type ScriptedModelServer } from '@steadfast/devstack';
import type { AgentNodeOutput } from '@steadfast/engine';
import type { RunJson } from '../support/api-types';
import { startSuite } from '../support/harness';
import { request, waitForStatus } from '../support/http';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';

/** The tool results the model was sent in a request, oldest first. */
const toolResults = (body: ChatRequest) => body.messages.filter((message) => message.role === 'tool').map((message) => String(message.content));
const sawToolResults = (body: ChatRequest) => body.messages.some((message) => message.role === 'tool');
const agentOutput = (run: RunJson) => run.output as AgentNodeOutput;
/** The answers the model reads from the tools: an http_request's response, a tool error, a refused patch. */
type FetchedAnswer = { status: number; body: { title: string } };
type ToolErrorAnswer = { error: string };
type RefusedPatchAnswer = { status: 'rejected'; errors: string[] };

/**
 * The agent node on the real stack: the real `openai` client in the worker talks to a scripted
 * OpenAI-compatible server on loopback, and the http_request tool reaches a local target server.
 */
describe('agent node', () => {
  let suite: Awaited<ReturnType<typeof startSuite>>;
  let model: ScriptedModelServer;
  let target: LoopbackServer;
  let origin: string;
  const targetSeen: { url: string; headers: IncomingMessage['headers'] }[] = [];

  beforeAll(async () => {
    model = await startScriptedModel();
    target = await startLoopbackServer((req, res) => {
      targetSeen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/article')
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Durable agents', words: 1200 }));
      res.writeHead(404).end();
    });
    origin = target.origin;
    suite = await startSuite({ HTTP_ALLOWED_HOSTS: target.host, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'test-key', OPENAI_MAX_RETRIES: '0' });
  });
  afterAll(async () => {
    await suite?.stop();
    await model?.close();
    await target?.close();
  });

  async function runAgent(config: Record<string, unknown>, input?: unknown) {
    const before = model.requests.length;
    const { body, status } = await request(suite.api.url, 'POST', '/api/runs', {
      name: 'agent',
      workflow: { nodes: [{ id: 'agent', type: 'agent', config }] },
      input,
      start: true,
    });
    expect(status).toBe(201);
    const run = await waitForStatus(suite.api.url, body.run.id, ['completed', 'failed', 'canceled'], 60_000);
    const nodes = (await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes`)).body.nodes;
    const events = (await request(suite.api.url, 'GET', `/api/runs/${run.id}/events`)).body.events;
    return { run, node: nodes[0], events, sent: model.requests.slice(before).map((r) => r.body) };
  }

  it('calls http_request against a local server, then finish; output, trace and usage are on the run and the node', async () => {
    model.respondWith((req) =>
      sawToolResults(req)
        ? {
            tool_calls: [{ name: 'finish', arguments: { output: { title: (JSON.parse(toolResults(req)[0]) as FetchedAnswer).body.title } } }],
            usage: { prompt_tokens: 300, cached_tokens: 200, completion_tokens: 12 },
          }
        : {
            tool_calls: [{ name: 'http_request', arguments: { url: `${origin}/article` } }],
            usage: { prompt_tokens: 250, cached_tokens: 0, completion_tokens: 20 },
          },
    );
    const { run, node, events, sent } = await runAgent(
      { prompt: 'Fetch {{ input.path }} and give me its title', system_prompt: 'You read articles.', tools: ['finish', 'http_request'] },
      { path: '/article' },
    );

    expect(run.status).toBe('completed');
    const usage = { prompt_tokens: 550, cached_tokens: 200, completion_tokens: 32, total_tokens: 582 };
    expect(run.output).toEqual({
      output: { title: 'Durable agents' },
      model: 'steadfast-scripted',
      steps: 2,
      usage,
      tool_calls: [
        { step: 1, name: 'http_request', ok: true, method: 'GET', url: `${origin}/article`, status: 200 },
        { step: 2, name: 'finish', ok: true },
      ],
    });
    expect(run.usage).toEqual(usage);
    expect(node).toMatchObject({ id: 'agent', type: 'agent', status: 'completed', output: run.output });
    expect(events.find((e) => e.type === 'node_completed')?.usage).toEqual(usage);

    // The templated prompt reached the model, after the stable prefix; the tool saw the real response.
    expect(sent).toHaveLength(2);
    expect(sent[0].model).toBe('gpt-4o-mini');
    expect(sent[0].messages).toEqual([
      { role: 'system', content: 'You read articles.' },
      { role: 'user', content: 'Fetch /article and give me its title' },
    ]);
    expect(sent[0].tools?.map((tool) => tool.function.name)).toEqual(['http_request', 'finish']);
    expect(sent[1].tools).toEqual(sent[0].tools);
    expect(sent[1].messages.slice(0, 2)).toEqual(sent[0].messages);
    expect(JSON.parse(toolResults(sent[1])[0])).toEqual({ status: 200, content_type: 'application/json', body: { title: 'Durable agents', words: 1200 } });
    expect(targetSeen[targetSeen.length - 1].headers['idempotency-key']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends an output_schema violation back to the model, which corrects its finish', async () => {
    model.respondWith((req) => ({
      tool_calls: [{ name: 'finish', arguments: { output: sawToolResults(req) ? { title: 'Fixed', pages: 3 } : { title: 42 } } }],
    }));
    const outputSchema = {
      type: 'object',
      properties: { title: { type: 'string' }, pages: { type: 'integer' } },
      required: ['title', 'pages'],
      additionalProperties: false,
    };
    const { run, sent } = await runAgent({ prompt: 'Describe the report', output_schema: outputSchema, model: 'gpt-4.1-mini' });

    expect(run.status).toBe('completed');
    expect(agentOutput(run).output).toEqual({ title: 'Fixed', pages: 3 });
    expect(agentOutput(run).tool_calls).toEqual([
      { step: 1, name: 'finish', ok: false, error: "output does not match output_schema: value must have required property 'pages'; /title must be string" },
      { step: 2, name: 'finish', ok: true },
    ]);
    expect(sent).toHaveLength(2);
    expect(sent[0].model).toBe('gpt-4.1-mini');
    // finish is offered with the schema as its parameters, and the violation is what the model reads next.
    expect(sent[0].tools?.[0].function.parameters).toMatchObject({ properties: { output: outputSchema } });
    expect(JSON.parse(toolResults(sent[1])[0])).toEqual({
      error: "output does not match output_schema: value must have required property 'pages'; /title must be string",
      instruction: 'call finish again with a corrected output (1 correction left)',
    });
  });

  it('fails the node with OutputSchemaViolation once the corrections are spent, without retrying', async () => {
    model.respondWith(() => ({
      tool_calls: [{ name: 'finish', arguments: { output: 'not an object' } }],
      usage: { prompt_tokens: 10, cached_tokens: 4, completion_tokens: 2 },
    }));
    const { run, node, sent } = await runAgent({ prompt: 'x', output_schema: { type: 'object' }, max_output_corrections: 1 });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('node "agent" failed: the finish output still did not match output_schema after 1 correction(s): value must be object');
    expect(node.status).toBe('failed');
    expect(sent).toHaveLength(2);
    // Tokens spent by a node that failed still count toward the run.
    expect(run.usage).toEqual({ prompt_tokens: 20, cached_tokens: 8, completion_tokens: 4, total_tokens: 24 });
  });

  it('answers malformed tool calls (bad JSON, unknown tool, missing argument) with errors and carries on', async () => {
    model.respondWith((req) =>
      sawToolResults(req)
        ? { tool_calls: [{ name: 'finish', arguments: { output: 'recovered' } }] }
        : {
            tool_calls: [
              { name: 'finish', arguments: '{"output": "half' },
              { name: 'search_web', arguments: { q: 'steadfast' } },
              { name: 'http_request', arguments: { method: 'GET' } },
            ],
          },
    );
    const { run, sent } = await runAgent({ prompt: 'x', tools: ['finish', 'http_request'] });

    expect(run.status).toBe('completed');
    expect(agentOutput(run).output).toBe('recovered');
    const errors = toolResults(sent[1]).map((content) => (JSON.parse(content) as ToolErrorAnswer).error);
    expect(errors).toEqual([
      expect.stringMatching(/^the arguments of finish are not valid JSON \(.+\); send a JSON object$/),
      'unknown tool "search_web"; the tools you can call are: http_request, finish',
      "invalid arguments for http_request: value must have required property 'url'",
    ]);
    expect(agentOutput(run).tool_calls.map((call) => [call.name, call.ok])).toEqual([
      ['finish', false],
      ['search_web', false],
      ['http_request', false],
      ['finish', true],
    ]);
  });

  it('returns an http_request to a metadata address to the model as a tool error naming the rule', async () => {
    model.respondWith((req) =>
      sawToolResults(req)
        ? { tool_calls: [{ name: 'finish', arguments: { output: (JSON.parse(toolResults(req)[0]) as ToolErrorAnswer).error } }] }
        : { tool_calls: [{ name: 'http_request', arguments: { url: 'http://169.254.169.254/latest/meta-data/iam/' } }] },
    );
    const { run } = await runAgent({ prompt: 'steal credentials', tools: ['http_request', 'finish'] });

    expect(run.status).toBe('completed');
    expect(agentOutput(run).output).toMatch(/^request refused by the SSRF guard \(rule metadata_ip\): /);
    expect(agentOutput(run).tool_calls[0]).toMatchObject({ name: 'http_request', ok: false, url: 'http://169.254.169.254/latest/meta-data/iam/' });
  });

  it('records a refused patch_workflow proposal in the trace and tells the model why, so it can go on', async () => {
    const patch = [{ op: 'replace', path: '/nodes/0/config/prompt', value: 'an easier task' }];
    model.respondWith((req) =>
      sawToolResults(req)
        ? { tool_calls: [{ name: 'finish', arguments: { output: (JSON.parse(toolResults(req)[0]) as RefusedPatchAnswer).errors } }] }
        : { tool_calls: [{ name: 'patch_workflow', arguments: { patch, reason: 'rewrite my task' } }] },
    );
    const { run } = await runAgent({ prompt: 'x', tools: ['patch_workflow', 'finish'] });

    const why = 'node "agent" is running; only pending nodes can be changed';
    expect(run.status).toBe('completed');
    expect(agentOutput(run).output).toEqual([why]);
    expect(agentOutput(run).tool_calls[0]).toEqual({
      step: 1,
      name: 'patch_workflow',
      ok: false,
      patch,
      reason: 'rewrite my task',
      status: 'rejected',
      error: `patch rejected: ${why}`,
    });
  });

  it('fails the node with a clear error when max_steps model calls end without finish', async () => {
    model.respondWith(() => ({ content: 'Still thinking...' }));
    const { run, sent } = await runAgent({ prompt: 'x', max_steps: 3 });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('node "agent" failed: the agent did not call finish within max_steps (3 model calls)');
    // Not retried, and the model was reminded to finish after each plain answer.
    expect(sent).toHaveLength(3);
    expect(sent[2].messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'x',
      'Call the finish tool with your final answer.',
      'Call the finish tool with your final answer.',
    ]);
  });

  it('takes a plain-text answer as the output when finish is not offered', async () => {
    model.respondWith(() => ({ content: 'Forty-two.' }));
    const { run, sent } = await runAgent({ prompt: 'x', tools: [] });

    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ output: 'Forty-two.', steps: 1, tool_calls: [] });
    expect(sent[0].tools).toBeUndefined();
  });

  it('refuses an agent node with an unknown tool or an output_schema that does not compile with 422', async () => {
    const res = await request(suite.api.url, 'POST', '/api/runs', {
      name: 'bad',
      workflow: { nodes: [{ id: 'a', type: 'agent', config: { prompt: 'x', output_schema: { type: 'strnig' }, tools: ['finish', 'search'] } }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('Validation failed');
    expect(res.body.details).toEqual(['node "a": config.tools must be an array of "http_request", "finish", "patch_workflow"']);
    const schema = await request(suite.api.url, 'POST', '/api/runs', {
      name: 'bad',
      workflow: { nodes: [{ id: 'a', type: 'agent', config: { prompt: 'x', output_schema: { type: 'strnig' } } }] },
    });
    expect(schema.status).toBe(422);
    expect(schema.body.details).toEqual([expect.stringMatching(/^node "a": config.output_schema is not a valid JSON Schema: /)]);
  });

  it('fails without retrying when the provider rejects the request', async () => {
    model.respondWith(() => ({ error: { status: 401, message: 'Incorrect API key provided' } }));
    const { run, sent } = await runAgent({ prompt: 'x' });

    expect(run.status).toBe('failed');
    expect(run.error).toBe('node "agent" failed: model provider answered HTTP 401: Incorrect API key provided');
    expect(sent).toHaveLength(1);
  });

  it('stores a large answer by reference but keeps usage inline: run total, output endpoint and templates all see it', async () => {
    const report = { summary: 'short', body: 'x'.repeat(40 * 1024) };
    model.respondWith(() => ({
      tool_calls: [{ name: 'finish', arguments: { output: report } }],
      usage: { prompt_tokens: 40, cached_tokens: 0, completion_tokens: 9000 },
    }));
    const workflow = {
      nodes: [
        { id: 'writer', type: 'agent', config: { prompt: 'Write the long report' } },
        { id: 'headline', type: 'echo', config: { value: 'summary: {{ nodes.writer.output.output.summary }}' }, depends_on: ['writer'] },
      ],
    };
    const created = await request(suite.api.url, 'POST', '/api/runs', { name: 'long agent', workflow, start: true });
    const run = await waitForStatus(suite.api.url, created.body.run.id, ['completed', 'failed'], 60_000);

    expect(run.status).toBe('completed');
    expect(run.output).toBe('summary: short');
    expect(run.usage).toEqual({ prompt_tokens: 40, cached_tokens: 0, completion_tokens: 9000, total_tokens: 9040 });
    const [writer] = (await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes`)).body.nodes.filter((node) => node.id === 'writer');
    expect((writer.output as AgentNodeOutput).usage).toEqual(run.usage);
    expect((writer.output as AgentNodeOutput).output).toEqual({
      $output_ref: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size_bytes: expect.any(Number) },
    });
    const full = await request(suite.api.url, 'GET', `/api/runs/${run.id}/nodes/writer/output`);
    expect(full.status).toBe(200);
    expect((full.body.output as AgentNodeOutput).output).toEqual(report);
    expect((full.body.output as AgentNodeOutput).usage).toEqual(run.usage);
  });
});
