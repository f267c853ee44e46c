import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { completionBody, completionChunks, estimateUsage } from './completion-body';
import { demoResponder, SCRIPTED_MODEL_NAME } from './demo-responder';
import type { ChatRequest, RecordedRequest, Responder, ScriptedReply } from './scripted-model.types';

export interface ScriptedModelOptions {
  responder?: Responder;
  /** The model name replies report unless a reply names another. */
  model?: string;
  port?: number;
  host?: string;
}

export interface ScriptedModelServer {
  /** Base URL for an OpenAI client (`.../v1`). */
  url: string;
  /** Every chat-completions request so far, oldest first. */
  requests: RecordedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A small OpenAI-compatible chat-completions server on loopback that answers from a script: the offline
 * model `npm start` uses when no provider is configured, and the model e2e tests drive the real `openai`
 * client against (tool calls included, malformed ones too).
 */
export async function startScriptedModel(options: ScriptedModelOptions = {}): Promise<ScriptedModelServer> {
  let responder = options.responder ?? demoResponder;
  const model = options.model ?? SCRIPTED_MODEL_NAME;
  const requests: RecordedRequest[] = [];

  async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: ChatRequest;
    try {
      body = JSON.parse(await readBody(req)) as ChatRequest;
    } catch {
      return sendJson(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error' } });
    }
    if (!Array.isArray(body?.messages)) return sendJson(res, 400, { error: { message: 'messages must be an array', type: 'invalid_request_error' } });
    const recorded: RecordedRequest = { body, headers: req.headers, receivedAt: Date.now(), aborted: false };
    const previous = requests[requests.length - 1]?.body;
    const index = requests.push(recorded);
    const hangUp = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) {
        recorded.aborted = true;
        recorded.abortedAt = Date.now();
        hangUp.abort();
      }
    });

    let reply: ScriptedReply;
    try {
      reply = await responder(body, requests);
    } catch (err) {
      return sendJson(res, 500, { error: { message: `responder failed: ${(err as Error).message}`, type: 'server_error' } });
    }
    await wait(reply.delay_ms ?? 0, hangUp.signal);
    if (hangUp.signal.aborted) return;
    if (reply.error) {
      return sendJson(res, reply.error.status, {
        error: { message: reply.error.message ?? `scripted error ${reply.error.status}`, type: 'scripted_error', code: null },
      });
    }
    const answeredBy = reply.model ?? model;
    const usage = estimateUsage(body, previous, reply);
    if (!body.stream) return sendJson(res, 200, completionBody(reply, answeredBy, index, usage));

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const chunk of completionChunks(reply, answeredBy, index, usage, body.stream_options?.include_usage === true)) {
      if (hangUp.signal.aborted) return;
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      await wait(reply.chunk_delay_ms ?? 0, hangUp.signal);
    }
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://scripted').pathname;
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      complete(req, res).catch((err: Error) => (res.headersSent ? res.destroy(err) : sendJson(res, 500, { error: { message: err.message } })));
      return;
    }
    if (req.method === 'GET' && path === '/v1/models')
      return sendJson(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'steadfast' }] });
    sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}/v1`,
    requests,
    respondWith: (next) => (responder = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
