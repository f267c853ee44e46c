import { isWellFormedApiKey, mintApiKey } from './api-key-secret';
import { hashStreamToken, isWellFormedStreamToken, mintStreamToken } from './stream-token-secret';

describe('stream token secrets', () => {
  it('mints st_<43 base64url> tokens and stores only their sha256', () => {
    const sut = mintStreamToken();
    expect(sut.token).toMatch(/^st_[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedStreamToken(sut.token)).toBe(true);
    expect(sut.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.hash).toBe(hashStreamToken(sut.token));
    expect(sut.hash).not.toContain(sut.token.slice(3));
  });

  it('mints a different token every time', () => {
    expect(new Set(Array.from({ length: 50 }, () => mintStreamToken().token)).size).toBe(50);
  });

  it('never takes a token for an API key or a key for a token', () => {
    const { token } = mintStreamToken();
    const { secret } = mintApiKey();
    expect(isWellFormedApiKey(token)).toBe(false);
    expect(isWellFormedStreamToken(secret)).toBe(false);
  });

  it.each(['', 'st_', `st_${'A'.repeat(42)}`, `st_${'A'.repeat(44)}`, `st_${'A'.repeat(42)}=`, `ST_${'A'.repeat(43)}`, ` st_${'A'.repeat(43)}`])(
    'refuses the malformed token %p',
    (text) => {
      expect(isWellFormedStreamToken(text)).toBe(false);
    },
  );
});
