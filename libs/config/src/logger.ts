import pino, { type Logger } from 'pino';
import type { AppConfig } from './app-config';

/** Paths never written to logs, whatever object they appear in. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.query.token',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  '*.password',
  'secrets',
  '*.secrets',
];

/** The censor every redaction writes in place of what it hides. */
export const REDACTED = '[redacted]';

/** Query parameters that carry a credential: a stream token (`?token=`, docs/security.md). */
const SECRET_QUERY_PARAMS = new Set(['token']);

/**
 * The URL with the value of every credential-carrying query parameter replaced. Names are compared
 * decoded, as the API's query parser reads them, so `?%74oken=` is hidden too.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      return SECRET_QUERY_PARAMS.has(decodedName(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, start)}?${pairs.join('&')}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** pino-http's request serializer, applied after the standard one: the logged URL keeps no credential. */
export function redactRequestUrl<T extends { url?: unknown }>(req: T): T {
  if (typeof req.url === 'string') req.url = redactUrl(req.url);
  return req;
}

export function createLogger(config: AppConfig, name: string): Logger {
  return pino({
    name,
    level: config.log.level,
    redact: { paths: REDACTED_LOG_PATHS, censor: REDACTED },
    transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  });
}
