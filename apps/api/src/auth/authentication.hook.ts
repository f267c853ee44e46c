import type { FastifyInstance, FastifyRequest } from 'fastify';
import { toErrorResponse } from '../common/api-exception.filter';
import { acceptsStreamToken } from './accepts-stream-token.decorator';
import type { ApiKeyAuthenticator } from './api-key.authenticator';
import type { StreamTokenAuthenticator } from './stream-token.authenticator';

/** `?token=` on a route that accepts one (the value may be malformed: the authenticator says so), else undefined. */
function streamTokenOf(request: FastifyRequest): unknown {
  if (!acceptsStreamToken(request)) return undefined;
  const query = request.query;
  return typeof query === 'object' && query !== null ? (query as Record<string, unknown>).token : undefined;
}

function runIdOf(request: FastifyRequest): string | undefined {
  const params = request.params;
  const id = typeof params === 'object' && params !== null ? (params as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Authenticates every request to a route under /api/ before its body is read, so an anonymous caller
 * costs one header check. Health, readiness, metrics and the API docs live outside /api/ and stay open.
 * The matched route decides, not the raw URL, so no spelling of a path slips past. A stream token is
 * read only on the routes marked @AcceptsStreamToken; anywhere else `?token=` is just an unknown field.
 */
export function registerAuthentication(fastify: FastifyInstance, keys: ApiKeyAuthenticator, streamTokens: StreamTokenAuthenticator): void {
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/')) return;
    try {
      const token = streamTokenOf(request);
      request.principal =
        token === undefined ? await keys.authenticate(request.headers.authorization) : await streamTokens.authenticate(token, runIdOf(request));
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      if (status === 401) void reply.header('www-authenticate', 'Bearer');
      return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    }
  });
}
