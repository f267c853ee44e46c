import { randomBytes } from 'node:crypto';
import { hashApiKey } from './api-key-secret';

/** `st_<43 base64url: 32 random bytes>`: a prefix no API key has, so neither is ever mistaken for the other. */
export const STREAM_TOKEN_FORMAT = /^st_[A-Za-z0-9_-]{43}$/;

export interface MintedStreamToken {
  /** Handed to the caller once and never stored. */
  token: string;
  hash: string;
}

export function mintStreamToken(): MintedStreamToken {
  const token = `st_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashStreamToken(token) };
}

/** True when the text has the shape of a stream token; only a token of that shape is ever looked up. */
export function isWellFormedStreamToken(text: string): boolean {
  return STREAM_TOKEN_FORMAT.test(text);
}

/** sha256, for the reason api-key-secret.ts gives: 256 random bits leave nothing for a slow hash to protect. */
export function hashStreamToken(token: string): string {
  return hashApiKey(token);
}
