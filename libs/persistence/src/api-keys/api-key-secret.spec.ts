import { hashApiKey, isWellFormedApiKey, mintApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it("mints sk_<8 hex>_<43 base64url> keys whose prefix is the key's start", () => {
    const sut = mintApiKey();
    expect(sut.secret).toMatch(/^sk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(sut.prefix).toMatch(/^sk_[0-9a-f]{8}$/);
    expect(sut.secret.startsWith(`${sut.prefix}_`)).toBe(true);
    expect(isWellFormedApiKey(sut.secret)).toBe(true);
  });

  it('stores only the sha256 of the whole key, never the key', () => {
    const sut = mintApiKey();
    expect(sut.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sut.hash).toBe(hashApiKey(sut.secret));
    expect(sut.hash).not.toContain(sut.secret.slice(12));
  });

  it('mints a different key every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => mintApiKey().secret));
    expect(keys.size).toBe(50);
  });

  it('tells one character of difference apart', () => {
    const { secret } = mintApiKey();
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(hashApiKey(altered)).not.toBe(hashApiKey(secret));
  });

  it.each([
    '',
    'sk_',
    'Bearer sk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'sk_0123ABCD_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'sk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'sk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'sk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'pk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'sk_0123abcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n',
  ])('refuses the malformed key %j', (text) => {
    expect(isWellFormedApiKey(text)).toBe(false);
  });
});
