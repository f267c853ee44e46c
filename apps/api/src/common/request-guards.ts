import type { FastifyInstance } from 'fastify';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

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
}
