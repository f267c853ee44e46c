import type { OpenAPIObject } from '@nestjs/swagger';

/** Fastify's router default (maxParamLength): a longer path parameter never reaches a route. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Adds the 414 the router answers, before any route or decorator runs, to every operation with a path
 * parameter: it belongs to the path's shape, so it is added where the paths are known.
 */
export function documentParamLength(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.includes('{')) continue;
    for (const operation of Object.values(item)) {
      const responses = (operation as { responses?: Record<string, unknown> }).responses;
      if (!responses) continue;
      responses['414'] = {
        description: `When a path parameter is longer than ${MAX_PARAM_LENGTH} characters.`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
      };
      const sorted = Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b));
      for (const [status] of sorted) delete responses[status];
      for (const [status, response] of sorted) responses[status] = response;
    }
  }
}
