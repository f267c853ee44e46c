import { createHash, randomBytes } from 'node:crypto';

/**
 * `sk_<8 hex: the prefix shown in lists>_<43 base64url: 32 random bytes>`. The prefix part has a fixed
 * length and alphabet, so the base64url secret may itself contain `_` without making parsing ambiguous.
 */
const KEY_FORMAT = /^sk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface MintedKey {
  /** The whole key, shown to its creator once and never stored. */
  secret: string;
  /** `sk_` and the prefix part: what lists show so a key can be recognised. */
  prefix: string;
  hash: string;
}

export function mintApiKey(): MintedKey {
  const prefix = `sk_${randomBytes(4).toString('hex')}`;
  const secret = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { secret, prefix, hash: hashApiKey(secret) };
}

/** True when the text has the shape of a key; only a key of that shape is ever looked up. */
export function isWellFormedApiKey(text: string): boolean {
  return KEY_FORMAT.test(text);
}

/**
 * sha256, unsalted and fast, on purpose: a key carries 256 random bits, so there is nothing to guess and
 * no dictionary to defeat, and the lookup must be an indexed equality on every request. A slow password
 * hash (bcrypt, scrypt) would cost tens of milliseconds per request and protect nothing more.
 */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
