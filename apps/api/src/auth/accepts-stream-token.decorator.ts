import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { STREAM_TOKEN_FORMAT } from '@steadfast/persistence';

/** The Fastify route config flag the authentication hook reads; set by @AcceptsStreamToken alone. */
const STREAM_TOKEN_FLAG = 'acceptsStreamToken';

/**
 * A route a browser's EventSource reads, which cannot send an Authorization header: it also takes a
 * stream token as `?token=` (POST /api/runs/{id}/stream-token). The flag sits on the route itself, so
 * no other route, whatever its URL, can be reached with one.
 */
export function AcceptsStreamToken(): MethodDecorator {
  return applyDecorators(
    RouteConfig({ [STREAM_TOKEN_FLAG]: true }),
    ApiQuery({
      name: 'token',
      required: false,
      description:
        'A stream token for this run, from POST /api/runs/{id}/stream-token, instead of the Authorization header (for EventSource, which cannot send one)',
      schema: { type: 'string', pattern: STREAM_TOKEN_FORMAT.source },
    }),
  );
}

export function acceptsStreamToken(request: FastifyRequest): boolean {
  const config: unknown = request.routeOptions.config;
  return typeof config === 'object' && config !== null && (config as Record<string, unknown>)[STREAM_TOKEN_FLAG] === true;
}
