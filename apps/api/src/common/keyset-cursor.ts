import { DomainError, DomainErrorCode } from '@steadfast/domain';

/**
 * Opaque list cursors: `{"<bound>": "<last key of the page>"}` in base64url. Clients pass them back
 * verbatim; a tampered one is a 400, never a query over an arbitrary value.
 */
export function encodeKeysetCursor(bound: string, key: string): string {
  return Buffer.from(JSON.stringify({ [bound]: key })).toString('base64url');
}

export function decodeKeysetCursor(cursor: string, bound: string, isKey: (key: string) => boolean): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const key = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[bound] : undefined;
    if (typeof key === 'string' && isKey(key)) return key;
  } catch {
    // fall through to the error below
  }
  throw new DomainError(DomainErrorCode.InvalidCursor, 'Invalid cursor');
}
