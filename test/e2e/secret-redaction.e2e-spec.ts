import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createTestKey } from '../support/api-keys';
import { openDatabase, startWorker, suiteConfig, temporalClient, type WorkerProcess } from '../support/harness';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { request, waitForStatus } from '../support/http';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server';
import type { HttpResponseOutput } from '@steadfast/engine';

/** Every string and byte array in a value, decoded: Temporal payloads are JSON inside Uint8Arrays. */
function allText(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) value.forEach((item) => allText(item, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => allText(item, out));
  return out;
}

/**
 * Secrets reach only where they are used: the upstream gets the real value; the run's events, node
 * outputs, API answers, both processes' logs and the workflow's Temporal history never hold it.
 */
describe('secret redaction', () => {
  const upstreamToken = `tok_${randomBytes(12).toString('hex')}`;
  const openAiKey = `sk-test-${randomBytes(12).toString('hex')}`;
  /** A real key of the caller's: the API must authenticate with it and still never log it. */
  let callerKey = '';
  const sessionValue = `sess-${randomBytes(8).toString('hex')}`;
  const received: IncomingHttpHeaders[] = [];
  let server: LoopbackServer;
  let api: ApiProcess;
  let worker: WorkerProcess;
  const config = suiteConfig();

  beforeAll(async () => {
    // The upstream echoes what it got, as a careless server would: in a header and in the body.
    server = await startLoopbackServer((req, res) => {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-authorization': String(req.headers.authorization ?? '') });
      res.end(JSON.stringify({ you_sent: req.headers }));
    });
    const db = await openDatabase(config);
    callerKey = (await createTestKey(db, { tenant: 'default', scopes: ['runs:read', 'runs:write'] })).secret;
    await db.destroy();
    const env = { OPENAI_API_KEY: openAiKey, HTTP_ALLOWED_HOSTS: server.host };
    worker = await startWorker(config, { ...env, STEADFAST_SECRET_UPSTREAM_TOKEN: upstreamToken, LOG_LEVEL: 'debug' });
    // Request logs (with headers) are written at debug level only.
    api = await startApiProcess(config, { ...env, LOG_LEVEL: 'debug', AUTH_DISABLED: 'false' });
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.kill();
    await server?.close();
  });

  const call = (method: string, path: string, body?: unknown) => request(api.url, method, path, body, { authorization: `Bearer ${callerKey}` });

  it('sends a {{ secrets.NAME }} header upstream and keeps the value out of everything else', async () => {
    const workflow = {
      nodes: [
        {
          id: 'call',
          type: 'http',
          config: {
            url: `${server.origin}/whoami`,
            headers: { authorization: 'Bearer {{ secrets.UPSTREAM_TOKEN }}', 'x-session': sessionValue },
            secret_headers: ['X-Session'],
          },
        },
        { id: 'after', type: 'echo', depends_on: ['call'], config: { value: '{{ nodes.call.output }}' } },
      ],
    };
    const created = await call('POST', '/api/runs', { name: 'secret-call', workflow, start: true });
    expect(created.status).toBe(201);
    const runId: string = created.body.run.id;
    const done = await waitForStatus(api.url, runId, ['completed', 'failed'], 60_000, { authorization: `Bearer ${callerKey}` });
    expect(done.status).toBe('completed');

    expect(received.at(-1)?.authorization).toBe(`Bearer ${upstreamToken}`);
    expect(received.at(-1)?.['x-session']).toBe(sessionValue);
    const output = (await call('GET', `/api/runs/${runId}/nodes/call/output`)).body.output as HttpResponseOutput & { body: { you_sent: unknown } };
    // A header that uses a secret is secret as a whole.
    expect(output.headers['x-echo-authorization']).toBe('[redacted]');
    expect(output.body.you_sent).toMatchObject({ authorization: '[redacted]', 'x-session': '[redacted]' });

    const answers = await Promise.all(
      [
        `/api/runs/${runId}`,
        `/api/runs/${runId}/events?limit=500`,
        `/api/runs/${runId}/nodes`,
        `/api/runs/${runId}/nodes/after/output`,
        `/api/runs/${runId}/definition`,
        '/api/runs',
        '/health',
      ].map(async (path) => JSON.stringify((await call('GET', path)).body)),
    );
    const { client, close } = await temporalClient(config);
    const history = allText(await client.workflow.getHandle(runId).fetchHistory()).join('\n');
    await close();
    // The workflow only ever held the reference: proof the history was read, payloads decoded.
    expect(history).toContain('{{ secrets.UPSTREAM_TOKEN }}');
    expect(history).toContain('"x-echo-authorization":"[redacted]"');

    const places = { answers: answers.join('\n'), history, workerLog: worker.output(), apiLog: api.output() };
    for (const [place, text] of Object.entries(places)) {
      expect({ place, leaks: text.includes(upstreamToken) }).toEqual({ place, leaks: false });
    }
    // A secret_headers value written in the definition is scrubbed from what the node produced.
    expect(JSON.stringify(output)).not.toContain(sessionValue);
    expect(
      allText((await call('GET', `/api/runs/${runId}/events?limit=500`)).body.events.filter((e: { type: string }) => e.type !== 'status_update')).join(''),
    ).not.toContain(sessionValue);
  });

  it('fails the node, naming the variable, when the worker lacks the secret', async () => {
    const workflow = { nodes: [{ id: 'call', type: 'http', config: { url: `${server.origin}/x`, headers: { 'x-api-key': '{{ secrets.NOT_CONFIGURED }}' } } }] };
    const created = await call('POST', '/api/runs', { name: 'secret-missing', workflow, start: true });
    const done = await waitForStatus(api.url, created.body.run.id, ['completed', 'failed'], 60_000, { authorization: `Bearer ${callerKey}` });
    expect(done.status).toBe('failed');
    expect(done.error).toContain('secret NOT_CONFIGURED is not configured on this worker (set STEADFAST_SECRET_NOT_CONFIGURED)');
  });

  it("refuses {{ secrets.* }} outside an http node's headers with 422, before anything runs", async () => {
    const res = await call('POST', '/api/runs', {
      name: 'secret-in-url',
      workflow: { nodes: [{ id: 'call', type: 'http', config: { url: `${server.origin}/{{ secrets.UPSTREAM_TOKEN }}` } }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual(['node "call": config.url uses {{ secrets.* }}, which only an http node\'s config.headers values may use']);
  });

  it("never logs the caller's Authorization header or the model key", async () => {
    expect((await call('GET', '/api/runs?limit=1')).status).toBe(200);
    // Request logging is on at debug level, so the header was there to leak.
    expect(api.output()).toMatch(/"authorization":"\[redacted\]"/);
    for (const text of [api.output(), worker.output(), JSON.stringify((await call('GET', '/health')).body)]) {
      expect(text).not.toContain(callerKey);
      expect(text).not.toContain(openAiKey);
    }
  });
});
