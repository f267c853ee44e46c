import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@steadfast/config';

/** The API answers JSON and SSE only: nothing it serves may load anything or be framed. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/** Swagger UI at /docs is a page: it runs its own scripts and inline styles, from this origin only. */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

/**
 * helmet's headers on every response, a strict CSP everywhere but /docs, and CORS only for the origins
 * CORS_ORIGINS lists (none by default: browsers then keep to same-origin). Call before Swagger's routes
 * are registered: the /docs relaxation is attached to routes as they are added.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = Object.assign(route.config ?? {}, { helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } } });
    }
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Cross-origin reads are governed by CORS below; CORP same-origin would block the listed origins too.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });

  const origins = config.cors.origins;
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'last-event-id'],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
}
