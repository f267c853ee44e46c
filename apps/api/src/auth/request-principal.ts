import type { FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode, type Principal } from '@steadfast/domain';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the authentication hook on every /api/ request before any handler runs. */
    principal?: Principal;
  }
}

/** The request's principal; a route that reaches here without one was not authenticated, which is a 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError(DomainErrorCode.Unauthenticated, 'Missing API key: send Authorization: Bearer sk_...');
  return request.principal;
}
