import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

export interface ContentAddress {
  /** Canonical JSON: keys sorted at every depth, no whitespace, undefined members dropped. */
  json: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Where a value lives in a content-addressed table: equal meaning gives equal bytes and an equal sha256,
 * however the keys were ordered. Registry versions, idempotency request hashes and stored node outputs
 * are all keyed by it.
 */
export function contentAddress(value: unknown): ContentAddress {
  const json = stringify(value) ?? '';
  return { json, sha256: createHash('sha256').update(json, 'utf8').digest('hex'), sizeBytes: Buffer.byteLength(json, 'utf8') };
}
