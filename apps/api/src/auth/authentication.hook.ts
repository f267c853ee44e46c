import type { FastifyInstance } from 'fastify';
import { toErrorResponse } from '../common/api-exception.filter';
import type { ApiKeyAuthenticator } from './api-key.authenticator';

/**
 * Authenticates every request to a route under /api/ before its body is read, so an anonymous caller
 * costs one header check. Health, readiness, metrics and the API docs live outside /api/ and stay open.
 * The matched route decides, not the raw URL, so no spelling of a path slips past.
 */
export function registerAuthentication(fastify: FastifyInstance, authenticator: ApiKeyAuthenticator): void {
  fastify.decorateRequest('principal', undefined);
  fastify.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || !route.startsWith('/api/')) return;
    try {
      request.principal = await authenticator.authenticate(request.headers.authorization);
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      if (status === 401) void reply.header('www-authenticate', 'Bearer');
      return reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    }
  });
}
