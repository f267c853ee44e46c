import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/**
 * Keys refused anywhere in a body. `__proto__` and `constructor.prototype` are how a merge or a
 * defaults-copy pollutes Object.prototype; no Steadfast document needs these names, so refusing them
 * outright is simpler to reason about than proving every consumer copies safely.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// fatal: invalid sequences throw instead of becoming U+FFFD, which would silently change the data.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function reject(error: string, details?: string[]): BadRequestException {
  return new BadRequestException(details ? { error, details } : { error });
}

/**
 * The deepest nesting of `[`/`{` outside strings, counted before parsing so a hostile body cannot
 * exhaust the parser's stack or the validators' recursion. Stops counting once past `limit`.
 */
export function nestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** The path of the first forbidden key, or undefined. Depth is already bounded, so recursion is safe. */
export function forbiddenKeyPath(value: unknown, path = '$'): string | undefined {
  return findPath(value, path, (key) => FORBIDDEN_KEYS.has(key));
}

/** U+0000 and unpaired surrogates: valid in JSON text, but Postgres text and jsonb refuse them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const unstorable = (text: string) => text.includes('\u0000') || text.search(LONE_SURROGATE) !== -1;

/** The path of the first string (key or value) Postgres could not store. */
export function unstorableStringPath(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path : undefined;
  return findPath(value, path, unstorable, (item, at) => unstorableStringPath(item, at));
}

function findPath(
  value: unknown,
  path: string,
  badKey: (key: string) => boolean,
  inner: (item: unknown, at: string) => string | undefined = (item, at) => findPath(item, at, badKey),
): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = inner(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const at = `${path}.${key}`;
      if (badKey(key)) return at;
      const found = inner((value as Record<string, unknown>)[key], at);
      if (found) return found;
    }
  }
  return undefined;
}

/** UTF-8, nesting and key checks around JSON.parse; every refusal is a 400 naming the problem. */
export function parseJsonBody(raw: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw reject('Invalid UTF-8 in the request body', ['the body must be UTF-8 encoded JSON']);
  }
  if (text.trim() === '') throw reject('Malformed JSON: the body is empty');
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) throw reject('JSON nested too deeply', [`objects and arrays may nest at most ${maxDepth} levels`]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw reject(`Malformed JSON: ${(err as Error).message}`);
  }
  const forbidden = forbiddenKeyPath(value);
  if (forbidden) {
    throw reject('Forbidden key in JSON body', [`${forbidden.slice(0, 200)}: the keys ${[...FORBIDDEN_KEYS].join(', ')} are not accepted anywhere in a body`]);
  }
  const bad = unstorableStringPath(value);
  if (bad) {
    const where = bad.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\\u0000').slice(0, 200);
    throw reject('Invalid character in JSON body', [`${where}: strings may not contain \\u0000 or unpaired surrogates`]);
  }
  return value;
}

/** Replaces Fastify's JSON parser (Nest's is switched off with `bodyParser: false`). */
export function registerJsonBodyParser(fastify: FastifyInstance, options: { bodyLimit: number; maxDepth: number }): void {
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, options.maxDepth));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
