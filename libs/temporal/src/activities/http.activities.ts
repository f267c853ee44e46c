import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { checkUrl, type SsrfPolicy } from '@steadfast/domain';
import { guardedLookup, SsrfRefusal, type Resolver } from './guarded-lookup';

export interface HttpRequestArgs {
  runId: string;
  nodeId: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface HttpResponseOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface HttpDeps {
  policy: SsrfPolicy;
  maxRedirects: number;
  resolver?: Resolver;
  onRefusal?: (rule: string) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function refused(rule: string, reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`request refused by the SSRF guard (rule ${rule}): ${reason}`, 'SsrfRefused', { rule });
}

function withQuery(raw: string, query?: HttpRequestArgs['query']): string {
  if (!query) return raw;
  const url = new URL(raw);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url.toString();
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw ApplicationFailure.nonRetryable(`response is larger than max_response_bytes (${limit})`, 'ResponseTooLarge');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The `http` node: one keep-alive client per worker, every hop checked by the SSRF guard. */
export function createHttpActivities({ policy, maxRedirects, resolver, onRefusal }: HttpDeps) {
  const agent = new Agent({ connect: { lookup: guardedLookup(policy, resolver) }, keepAliveTimeout: 10_000 });

  return {
    async httpRequest(args: HttpRequestArgs): Promise<HttpResponseOutput> {
      const ctx = Context.current();
      // The same key on every attempt: a server that honours Idempotency-Key applies a retried request once.
      const idempotencyKey = createHash('sha256').update(`${args.runId}:${args.nodeId}`).digest('hex');
      const timeout = AbortSignal.timeout(args.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const signal = AbortSignal.any([ctx.cancellationSignal, timeout]);
      const heartbeat = setInterval(() => ctx.heartbeat(), 2_000);
      let url = withQuery(args.url, args.query);
      let method = args.method.toUpperCase();
      let body = args.body === undefined ? undefined : typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
      const headers: Record<string, string> = { ...(args.headers ?? {}), 'idempotency-key': idempotencyKey };
      if (body !== undefined && typeof args.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
      try {
        for (let hop = 0; ; hop++) {
          const decision = checkUrl(url, policy);
          if (!decision.allowed) {
            onRefusal?.(decision.rule);
            throw refused(decision.rule, decision.reason);
          }
          const res = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, dispatcher: agent, signal });
          const location = res.headers.location;
          if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
            await res.body.dump();
            if (hop >= maxRedirects) throw ApplicationFailure.nonRetryable(`more than ${maxRedirects} redirects`, 'TooManyRedirects');
            url = new URL(location, url).toString();
            if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method !== 'GET' && method !== 'HEAD')) {
              method = 'GET';
              body = undefined;
              delete headers['content-type'];
            }
            continue;
          }
          const raw = await readLimited(res.body, args.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
          const responseHeaders = Object.fromEntries(
            Object.entries(res.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : String(value ?? '')]),
          );
          const text = raw.toString('utf8');
          let parsed: unknown = text;
          if (/\bjson\b/i.test(responseHeaders['content-type'] ?? '')) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          if (res.statusCode >= 500 || res.statusCode === 429) {
            // Worth another attempt (with the same Idempotency-Key).
            throw ApplicationFailure.retryable(`HTTP ${res.statusCode} from ${new URL(url).host}`, 'HttpRetryableStatus');
          }
          return { status: res.statusCode, headers: responseHeaders, body: parsed };
        }
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause;
        const refusal = err instanceof SsrfRefusal ? err : cause instanceof SsrfRefusal ? cause : undefined;
        if (refusal) {
          onRefusal?.(refusal.rule);
          throw refused(refusal.rule, refusal.message);
        }
        if (timeout.aborted && !ctx.cancellationSignal.aborted) {
          throw ApplicationFailure.retryable(`no response within ${args.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, 'HttpTimeout');
        }
        throw err;
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

export type HttpActivities = ReturnType<typeof createHttpActivities>;
