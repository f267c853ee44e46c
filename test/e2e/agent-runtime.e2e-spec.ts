import { startScriptedModel, type ScriptedModelServer } from '@steadfast/devstack';
import { startSuite } from '../support/harness';
import { openSse, request, waitForStatus } from '../support/http';
import { eventually } from '../support/eventually';
import { present } from '../support/present';
import type { AgentNodeOutput } from '@steadfast/engine';

/** Sum of a Prometheus metric's samples whose labels include all of `labels` (the SDK adds its own). */
function metricValue(text: string, name: string, labels: Record<string, string>): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What an agent does while it runs: heartbeats and cancellation, streamed text, token and tool metrics. */
describe('agent node at run time', () => {
  let suite: Awaited<ReturnType<typeof startSuite>>;
  let model: ScriptedModelServer;

  beforeAll(async () => {
    model = await startScriptedModel();
    suite = await startSuite({ OPENAI_BASE_URL: model.url, OPENAI_API_KEY: 'test-key', OPENAI_MAX_RETRIES: '0', SSE_POLL_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    await suite?.stop();
    await model?.close();
  });

  async function start(nodes: unknown[]): Promise<string> {
    const { body, status } = await request(suite.api.url, 'POST', '/api/runs', { name: 'agent', workflow: { nodes }, start: true });
    expect(status).toBe(201);
    return body.run.id;
  }

  it('aborts the in-flight model call within seconds when the run is cancelled', async () => {
    model.respondWith(() => ({ delay_ms: 60_000, content: 'too late' }));
    const before = model.requests.length;
    const runId = await start([{ id: 'slow', type: 'agent', config: { prompt: 'think hard', tools: [] } }]);
    const call = await eventually(
      async () => {
        expect(model.requests[before]).toBeDefined();
        return model.requests[before];
      },
      { timeoutMs: 10_000, intervalMs: 50, message: 'the agent to call the model' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the activity is heartbeating mid-call

    const cancelledAt = Date.now();
    expect((await request(suite.api.url, 'POST', `/api/runs/${runId}/cancel`)).status).toBe(202);
    const run = await waitForStatus(suite.api.url, runId, ['canceled', 'completed', 'failed'], 10_000);
    expect(run.status).toBe('canceled');
    await eventually(async () => expect(call.aborted).toBe(true), { timeoutMs: 5_000, intervalMs: 50, message: 'the model call to be aborted' });
    expect((call.abortedAt as number) - cancelledAt).toBeLessThan(4000);
    expect(model.requests.length - before).toBe(1); // not retried
  });

  it('streams the model text to the run stream as log events, in order, before the node completes', async () => {
    const text = 'Durable execution means the work survives crashes, restarts and deploys.';
    model.respondWith(() => ({ content: text, chunk_delay_ms: 60 }));
    const runId = await start([{ id: 'writer', type: 'agent', config: { prompt: 'Explain durable execution', tools: [], stream: true } }]);
    const sse = await openSse(`${suite.api.url}/api/runs/${runId}/logs/stream`);
    await sse.closed;

    const events = sse.frames.slice(1).map((frame) => frame.data);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const logs = events.filter((e) => e.type === 'log');
    // Batched (about 13 chunks over ~0.8 s arrive in a few throttled batches), nothing lost or reordered.
    expect(logs.length).toBeGreaterThan(1);
    expect(logs.length).toBeLessThan(13);
    expect(logs.every((e) => e.level === 'info' && e.node_id === 'writer')).toBe(true);
    expect(logs.map((e) => e.message).join('')).toBe(text);
    const completed = present(
      events.find((e) => e.type === 'node_completed'),
      'a node_completed event',
    );
    expect((completed.output as AgentNodeOutput).output).toBe(text);
    expect(events.indexOf(completed)).toBeGreaterThan(events.indexOf(logs[logs.length - 1]));
    expect(completed.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('exports tokens by kind and model, tool calls by outcome and SSRF refusals by rule on the worker metrics endpoint', async () => {
    const modelName = 'metrics-model';
    model.respondWith((req) =>
      req.messages.some((m) => m.role === 'tool')
        ? {
            model: modelName,
            tool_calls: [{ name: 'finish', arguments: { output: 'done' } }],
            usage: { prompt_tokens: 120, cached_tokens: 100, completion_tokens: 5 },
          }
        : {
            model: modelName,
            tool_calls: [{ name: 'http_request', arguments: { url: 'http://10.1.2.3/internal' } }],
            usage: { prompt_tokens: 100, cached_tokens: 0, completion_tokens: 15 },
          },
    );
    const runId = await start([
      { id: 'agent', type: 'agent', config: { prompt: 'x', tools: ['http_request', 'finish'] } },
      // The http node goes through the same guarded request, so its refusals are counted the same way.
      { id: 'fetch', type: 'http', config: { url: 'http://[::ffff:a9fe:a9fe]/latest/' }, on_error: 'continue' },
    ]);
    const run = await waitForStatus(suite.api.url, runId, ['completed', 'failed'], 30_000);
    expect(run.status).toBe('completed');
    expect(run.usage).toEqual({ prompt_tokens: 220, cached_tokens: 100, completion_tokens: 20, total_tokens: 240 });

    const metrics = await (await fetch(suite.worker.metricsUrl)).text();
    expect(metricValue(metrics, 'steadfast_llm_tokens_total', { kind: 'prompt', model: modelName })).toBe(220);
    expect(metricValue(metrics, 'steadfast_llm_tokens_total', { kind: 'cached', model: modelName })).toBe(100);
    expect(metricValue(metrics, 'steadfast_llm_tokens_total', { kind: 'completion', model: modelName })).toBe(20);
    expect(metricValue(metrics, 'steadfast_agent_tool_calls_total', { tool: 'http_request', outcome: 'error' })).toBe(1);
    expect(metricValue(metrics, 'steadfast_agent_tool_calls_total', { tool: 'finish', outcome: 'ok' })).toBe(1);
    expect(metricValue(metrics, 'steadfast_ssrf_refusals_total', { rule: 'private' })).toBe(1);
    expect(metricValue(metrics, 'steadfast_ssrf_refusals_total', { rule: 'metadata_ip' })).toBe(1);
  });
});
