import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * sha256 of canonical JSON (keys sorted at every depth, undefined members dropped): equal meaning gives an
 * equal hash however a client ordered its keys. Content addresses and idempotency request hashes use it.
 */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(stringify(value) ?? '').digest('hex');
}
