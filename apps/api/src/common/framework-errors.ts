import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PARAM_LENGTH } from '../openapi/document-param-length';

/**
 * The router refuses some URLs before any route, hook or Nest filter runs. Fastify's own answer echoes
 * the whole path in its own shape; this gives them the API's error envelope, without the path.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send({ error: 'URI Too Long', details: [`a path parameter is longer than ${MAX_PARAM_LENGTH} characters`] });
    return;
  }
  const details = error.code === 'FST_ERR_BAD_URL' ? ['the path is not valid percent-encoded UTF-8'] : [];
  void reply.status(400).send({ error: 'Bad Request', ...(details.length > 0 && { details }) });
}
