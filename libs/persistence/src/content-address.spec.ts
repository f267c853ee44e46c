import { createHash } from 'node:crypto';
import { contentAddress } from './content-address';

const canonicalSha256 = (value: unknown) => contentAddress(value).sha256;

describe('contentAddress', () => {
  it('ignores key order at every depth and members that are undefined', () => {
    const sut = canonicalSha256({ b: 1, a: { y: [1, { q: 1, p: 2 }], x: null } });
    expect(canonicalSha256({ a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1, c: undefined })).toBe(sut);
  });

  it('is the sha256 of the sorted JSON text', () => {
    expect(canonicalSha256({ b: 1, a: 2 })).toBe(createHash('sha256').update('{"a":2,"b":1}').digest('hex'));
  });

  it('tells apart values that differ only in array order or in null versus absent', () => {
    expect(canonicalSha256({ a: [1, 2] })).not.toBe(canonicalSha256({ a: [2, 1] }));
    expect(canonicalSha256({ a: null })).not.toBe(canonicalSha256({}));
  });
});
