import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { Agent, request, type Dispatcher } from 'undici';
import { checkUrl, type HttpNodeConfig, type SsrfPolicy } from '@steadfast/domain';
import { countInActivity } from './activity-metrics';
import { guardedLookup, SsrfRefusal, type Resolver } from './guarded-lookup';

/** An Idempotency-Key from the request's identity (run, node, ...): the same on every attempt of it. */
export function idempotencyKey(...identity: string[]): string {
  return createHash('sha256').update(identity.join(':')).digest('hex');
}

/** The request as an http node (or the agent's http tool) states it, with the limits in this module's units. */
export interface GuardedRequestArgs extends Pick<HttpNodeConfig, 'method' | 'url' | 'headers' | 'query' | 'body'> {
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Sent as Idempotency-Key: the same on every attempt of the same logical request. */
  idempotencyKey: string;
}

export interface HttpResponseOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Outbound HTTP settings shared by every caller: the SSRF policy and the redirect limit. */
export interface EgressDeps {
  policy: SsrfPolicy;
  maxRedirects: number;
  resolver?: Resolver;
}

/** Any status comes back as a response; refusals, oversized bodies, redirect loops and timeouts throw. */
export type GuardedRequest = (args: GuardedRequestArgs, signal: AbortSignal) => Promise<HttpResponseOutput>;

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function refused(rule: string, reason: string): ApplicationFailure {
  // Counted here because every outbound request of every node type passes through this one function.
  countInActivity('steadfast_ssrf_refusals_total', 'Outbound requests refused by the SSRF guard', 1, { rule });
  return ApplicationFailure.nonRetryable(`request refused by the SSRF guard (rule ${rule}): ${reason}`, 'SsrfRefused', { rule });
}

function withQuery(raw: string, query?: GuardedRequestArgs['query']): string {
  if (!query) return raw;
  const url = new URL(raw);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url.toString();
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw ApplicationFailure.nonRetryable(`response is larger than max_response_bytes (${limit})`, 'ResponseTooLarge');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer, contentType: string): unknown {
  const text = raw.toString('utf8');
  if (!/\bjson\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The one way Steadfast makes an outbound request (http nodes and the agent's http_request tool): one
 * keep-alive client per worker, every hop checked by the SSRF guard before it connects, and the socket
 * pinned to the address that was checked.
 */
export function createGuardedRequest({ policy, maxRedirects, resolver }: EgressDeps): GuardedRequest {
  const agent = new Agent({ connect: { lookup: guardedLookup(policy, resolver) }, keepAliveTimeout: 10_000 });

  return async (args, signal) => {
    const timeoutMs = args.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    let url = withQuery(args.url, args.query);
    let method = args.method.toUpperCase();
    let body = args.body === undefined ? undefined : typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
    const headers: Record<string, string> = { ...(args.headers ?? {}), 'idempotency-key': args.idempotencyKey };
    if (body !== undefined && typeof args.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    try {
      for (let hop = 0; ; hop++) {
        const decision = checkUrl(url, policy);
        if (!decision.allowed) throw refused(decision.rule, decision.reason);
        const res = await request(url, { method: method, headers, body, dispatcher: agent, signal: combined });
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
        return { status: res.statusCode, headers: responseHeaders, body: parseBody(raw, responseHeaders['content-type'] ?? '') };
      }
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      const refusal = err instanceof SsrfRefusal ? err : cause instanceof SsrfRefusal ? cause : undefined;
      if (refusal) throw refused(refusal.rule, refusal.message);
      if (timeout.aborted && !signal.aborted) throw ApplicationFailure.retryable(`no response within ${timeoutMs} ms`, 'HttpTimeout');
      throw err;
    }
  };
}
