import pino, { type Logger } from 'pino';
import type { AppConfig } from './app-config';

/** Paths never written to logs, whatever object they appear in. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  '*.password',
  'secrets',
  '*.secrets',
];

export function createLogger(config: AppConfig, name: string): Logger {
  return pino({
    name,
    level: config.log.level,
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    transport: config.log.pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
  });
}
