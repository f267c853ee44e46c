import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@steadfast/config';
import { createDataSource, runMigrations } from '@steadfast/persistence';
import { AppModule } from './app.module';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator';
import { registerAuthentication } from './auth/authentication.hook';
import { StreamTokenAuthenticator } from './auth/stream-token.authenticator';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { answerFrameworkError } from './common/framework-errors';
import { registerJsonBodyParser } from './common/json-body.parser';
import { registerRequestGuards } from './common/request-guards';
import { registerSecurityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { registerRateLimitHook } from './limits/rate-limit.hook';
import { RateLimiter } from './limits/rate-limiter';
import { MetricsService } from './metrics/metrics.service';
import { MAX_PARAM_LENGTH } from './openapi/document-param-length';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { RunInputConstraint } from './runs/dto/run-input.constraint';

/** Builds the API exactly as main.ts runs it; tests boot it the same way. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  if (!config.database.url) throw new Error('DATABASE_URL is required by the API');
  const dataSource = createDataSource(config.database.url, { applicationName: 'steadfast-api' });
  await dataSource.initialize();
  await runMigrations(dataSource);

  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: true,
    // Past this, Node answers 431 (as JSON, through Fastify's client-error handler) before any route runs.
    http: { maxHeaderSize: config.input.maxHeaderBytes },
    maxParamLength: MAX_PARAM_LENGTH,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, dataSource), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // Our own JSON parser (depth, UTF-8, prototype keys) replaces Nest's and Fastify's.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Constraints that need configuration come from Nest; class-validator's own classes from its container.
  const injectableConstraints = new Set<unknown>([RunInputConstraint]);
  useContainer(
    { get: (cls: unknown): unknown => (injectableConstraints.has(cls) ? app.get(cls as typeof RunInputConstraint) : undefined) },
    { fallback: true },
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());

  const fastify = app.getHttpAdapter().getInstance();
  // First, so an anonymous request is refused (401) before anything else looks at it.
  registerAuthentication(fastify, app.get(ApiKeyAuthenticator), app.get(StreamTokenAuthenticator));
  if (config.auth.disabled) warnAuthDisabled();
  registerRequestGuards(fastify);
  registerJsonBodyParser(fastify, { bodyLimit: config.http.bodyLimitBytes, maxDepth: config.input.jsonMaxDepth });
  await registerSecurityHeaders(app, config);
  registerRateLimitHook(fastify, app.get(RateLimiter));
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const document = buildOpenApiDocument(app, config.version);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}

function warnAuthDisabled(): void {
  new NestLogger('Auth').warn(
    'AUTH_DISABLED=true: AUTHENTICATION IS OFF. Every request acts as an admin of the default tenant, with no key. ' +
      'This is a development switch: never expose this API to a network.',
  );
}
