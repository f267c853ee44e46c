import type { FastifyInstance } from 'fastify';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The first path or query parameter holding U+0000 (Postgres cannot take it in a query), if any. */
export function nulParameter(params: unknown, query: unknown): string | undefined {
  for (const [where, values] of [
    ['path', params],
    ['query', query],
  ] as const) {
    for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
      const texts = Array.isArray(value) ? value : [value];
      if (name.includes('\u0000') || texts.some((text) => typeof text === 'string' && text.includes('\u0000'))) {
        return `${where} parameter "${name.replaceAll('\u0000', '%00').slice(0, 64)}" contains %00`;
      }
    }
  }
  return undefined;
}

/**
 * Only JSON bodies are accepted: anything else is a 415 before parsing, rather than a string that later
 * fails validation with a misleading 422.
 */
export function registerRequestGuards(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return;
    const length = request.headers['content-length'];
    const hasBody = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'];
    if (hasBody && (type === undefined || !JSON_TYPE.test(type))) {
      return reply.status(415).send({ error: 'Unsupported content type: send application/json', details: [`content-type was ${type ?? 'missing'}`] });
    }
  });
  fastify.addHook('preValidation', async (request, reply) => {
    const problem = nulParameter(request.params, request.query);
    if (problem) return reply.status(400).send({ error: 'NUL character in the URL', details: [problem] });
  });
}
