import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

/** One way a request can fail: the status and when the server answers it. */
export interface ApiFailure {
  status: number;
  when: string;
}

const fails = (status: number, when: string): ApiFailure => ({ status, when });

/**
 * Failures, named for what causes them. Each status in the document is the list of its causes, so two
 * causes of one status (a NUL in the URL, malformed JSON) are both described.
 */
export const Fails = {
  /** request-guards.ts, on every route. */
  nulInUrl: fails(400, 'a path or query parameter contains a NUL character (%00), or the path is not valid percent-encoded UTF-8'),
  /** The authentication hook, on every route under /api/. */
  unauthenticated: fails(401, 'the Authorization header is missing, malformed, or names an unknown or revoked API key'),
  /** The authentication hook, on the routes marked @AcceptsStreamToken. */
  streamTokenRefused: fails(401, '`token` is given and is malformed, unknown, expired, for another run, or its API key was revoked since'),
  /** ScopeGuard: the scope each route needs is the one its controller or handler declares. */
  missingScope: fails(403, 'the API key lacks the scope the route requires (its x-required-scope)'),
  forbidden: (what: string) => fails(403, what),
  /** The rate-limit hook, on every route but the probes and the metrics scrape (RATE_LIMIT_ENABLED). */
  rateLimited: fails(
    429,
    "rate limiting is on (RATE_LIMIT_ENABLED) and the API key's (or, without a key, the client IP's) or the global request budget is spent",
  ),
  databaseUnavailable: fails(503, 'Postgres does not answer'),
  temporalUnavailable: fails(503, 'Temporal does not answer, or the run has no polling worker to answer a query'),
  unexpected: fails(500, 'an unexpected error: the body carries the errorId the server logged it under'),
  /** The JSON body parser and Fastify. */
  malformedJson: fails(400, 'the body is not UTF-8 JSON, is empty, nests too deeply, or holds a forbidden key or an unstorable character'),
  bodyTooLarge: fails(413, 'the body is larger than GATEWAY_BODY_LIMIT_BYTES'),
  unsupportedMediaType: fails(415, 'a body is sent with a content type other than application/json'),
  /** The global ValidationPipe: a body or query field breaks its declared constraints, or is unknown. */
  invalidRequest: fails(422, 'a field breaks its constraints or is not a known field'),
  invalidCursor: fails(400, 'cursor is not one this list handed out'),
  runNotFound: fails(404, "no run with this id in the caller's tenant"),
  notFound: (what: string) => fails(404, what),
  conflict: (what: string) => fails(409, what),
  unprocessable: (what: string) => fails(422, what),
  limited: (what: string) => fails(429, what),
  badRequest: (what: string) => fails(400, what),
} as const;

/** What any POST can fail with while its body is read, whether or not the route uses one. */
export const RAW_BODY_FAILURES: readonly ApiFailure[] = [Fails.malformedJson, Fails.bodyTooLarge, Fails.unsupportedMediaType];

/** What a route with a JSON body DTO can fail with before its handler runs. */
export const JSON_BODY_FAILURES: readonly ApiFailure[] = [...RAW_BODY_FAILURES, Fails.invalidRequest];

const HEADERS: Record<number, HeadersObject> = {
  401: { 'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait before retrying (the body has the same as retryAfter)', schema: { type: 'integer', minimum: 1 } } },
};

function documentFailures(failures: readonly ApiFailure[]): MethodDecorator & ClassDecorator {
  const causes = new Map<number, string[]>();
  for (const { status, when } of failures) {
    const known = causes.get(status) ?? [];
    if (!known.includes(when)) known.push(when);
    causes.set(status, known);
  }
  const responses = [...causes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, whens]) =>
      // Errors are JSON even where the route's success is not (the SSE stream): content, not type, so @ApiProduces leaves it alone.
      ApiResponse({
        status,
        description: `When ${whens.join('; or when ')}.`,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
        ...(HEADERS[status] && { headers: HEADERS[status] }),
      }),
    );
  return applyDecorators(ApiExtraModels(ErrorBodyDto), ...responses);
}

/**
 * Documents every error a route under /api/ can answer, each with the ErrorBodyDto envelope: what any
 * authenticated route can fail with (a bad key, a missing scope, the rate limit, Postgres down),
 * then the route's own `failures`.
 */
export function ApiErrors(...failures: readonly ApiFailure[]): MethodDecorator & ClassDecorator {
  return documentFailures([
    Fails.nulInUrl,
    Fails.unauthenticated,
    Fails.missingScope,
    Fails.rateLimited,
    Fails.unexpected,
    Fails.databaseUnavailable,
    ...failures,
  ]);
}

/** The errors of a route outside /api/ (health, readiness): no key, no rate limit. */
export function ApiPublicErrors(...failures: readonly ApiFailure[]): MethodDecorator & ClassDecorator {
  return documentFailures([Fails.nulInUrl, Fails.unexpected, ...failures]);
}
