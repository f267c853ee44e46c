import type { FastifyInstance } from 'fastify';
import { RateLimitedError } from '@steadfast/domain';
import { toErrorResponse } from '../common/api-exception.filter';
import type { RateLimiter } from './rate-limiter';

/* Probes and scrapes must answer while clients are being refused, or a busy API looks dead to its orchestrator. */
const UNLIMITED = new Set(['/health', '/healthz', '/ready', '/readyz', '/metrics']);

/**
 * Global and per-key limits for every request. preParsing: after every onRequest hook (authentication
 * sets the principal there, whatever the order the hooks were added in) and before the body is read, so
 * a refused client costs no JSON parsing.
 */
export function registerRateLimitHook(fastify: FastifyInstance, limiter: RateLimiter): void {
  if (!limiter.enabled) return;
  fastify.addHook('preParsing', async (request, reply, payload) => {
    if (UNLIMITED.has(request.url.split('?', 1)[0])) return payload;
    try {
      await limiter.checkRequest(request.principal?.keyId ?? null, request.ip);
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      const { status, body, headers } = toErrorResponse(err);
      return reply
        .status(status)
        .headers(headers ?? {})
        .send(body);
    }
    return payload;
  });
}
