import { ApplicationFailure } from '@temporalio/common';
import { substituteSecrets } from '@steadfast/domain';

export const REDACTED = '[redacted]';
/** Shorter values are not scrubbed from outputs: redacting every "ab" in a response would destroy it. */
const MIN_SCRUB_LENGTH = 4;

export interface ResolvedHeaders {
  headers: Record<string, string> | undefined;
  /** Values to scrub from whatever the request produces: resolved secrets and secret_headers' values. */
  secretValues: string[];
}

/**
 * Substitutes `{{ secrets.NAME }}` in header values from the worker's secrets. A header that uses a
 * secret, or is named in `secretHeaders`, has its whole value treated as secret.
 */
export function resolveSecretHeaders(
  headers: Record<string, unknown> | undefined,
  secrets: Record<string, string>,
  secretHeaders: string[] = [],
): ResolvedHeaders {
  if (!headers) return { headers, secretValues: [] };
  const marked = new Set(secretHeaders.map((name) => name.toLowerCase()));
  const secretValues: string[] = [];
  const resolved: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const text = String(raw);
    let usedSecret = false;
    const value = substituteSecrets(text, (secretName) => {
      const secret = Object.prototype.hasOwnProperty.call(secrets, secretName) ? secrets[secretName] : undefined;
      if (secret === undefined) {
        throw ApplicationFailure.nonRetryable(`secret ${secretName} is not configured on this worker (set STEADFAST_SECRET_${secretName})`, 'SecretMissing');
      }
      usedSecret = true;
      secretValues.push(secret);
      return secret;
    });
    if (usedSecret || marked.has(name.toLowerCase())) secretValues.push(value);
    resolved[name] = value;
  }
  return { headers: resolved, secretValues: [...new Set(secretValues)].filter((v) => v.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length) };
}

function scrubText(text: string, secretValues: string[]): string {
  return secretValues.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/** The value with every occurrence of a secret (in strings and keys, at any depth) replaced by [redacted]. */
export function redactSecrets<T>(value: T, secretValues: string[]): T {
  if (secretValues.length === 0) return value;
  const visit = (item: unknown): unknown => {
    if (typeof item === 'string') return scrubText(item, secretValues);
    if (Array.isArray(item)) return item.map(visit);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([k, v]) => [scrubText(k, secretValues), visit(v)]));
    return item;
  };
  return visit(value) as T;
}

/** An error whose message mentions a secret is replaced by one that does not (its stack would repeat it). */
export function redactError(err: unknown, secretValues: string[]): unknown {
  if (secretValues.length === 0 || !(err instanceof Error)) return err;
  const mentions = (text: string | undefined) => text !== undefined && secretValues.some((secret) => text.includes(secret));
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error || typeof cause === 'string' ? String(cause) : undefined;
  if (!mentions(err.message) && !mentions(err.stack) && !mentions(causeText)) return err;
  const failure = err instanceof ApplicationFailure ? err : undefined;
  return ApplicationFailure.create({
    message: scrubText(err.message, secretValues),
    type: failure?.type ?? err.name,
    nonRetryable: failure?.nonRetryable ?? false,
  });
}
