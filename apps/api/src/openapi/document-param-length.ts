import type { OpenAPIObject } from '@nestjs/swagger';

/** The router's maxParamLength (app.factory.ts sets it from here): a longer path parameter never reaches a route. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Adds the 414 the router answers, before any route or decorator runs, to every operation with a path
 * parameter: it belongs to the path's shape, so it is added where the paths are known.
 */
export function documentParamLength(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.includes('{')) continue;
    for (const operation of Object.values(item) as { responses?: Record<string, unknown> }[]) {
      if (!operation.responses) continue;
      const tooLong = {
        description: `When a path parameter is longer than ${MAX_PARAM_LENGTH} characters.`,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
      };
      operation.responses = Object.fromEntries(Object.entries({ ...operation.responses, 414: tooLong }).sort(([a], [b]) => Number(a) - Number(b)));
    }
  }
}
