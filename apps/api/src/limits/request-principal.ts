import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT, SCOPES, type Principal } from '@steadfast/domain';

/** Who a request acts for before authentication has run, or with it disabled: the default tenant, with every scope. */
const ANONYMOUS: Principal = { keyId: null, tenant: DEFAULT_TENANT, scopes: [...SCOPES], user: null, roles: [] };

/** The principal authentication attached to the request, if any (read without depending on its module augmentation). */
export function principalOf(request: FastifyRequest): Principal {
  return (request as FastifyRequest & { principal?: Principal }).principal ?? ANONYMOUS;
}
