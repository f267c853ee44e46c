import { SSRF_TRICKS } from '../../../../test/fixtures/ssrf-tricks';
import { checkAddress, checkUrl, DEFAULT_BLOCKED_PATHS, type SsrfPolicy } from './ssrf-policy';

const policy: SsrfPolicy = { allowedHosts: [], blockedPaths: DEFAULT_BLOCKED_PATHS };

/** Decisions only: nothing here opens a connection to any of these addresses. */
describe('checkUrl refuses SSRF tricks, naming the rule', () => {
  it.each(SSRF_TRICKS)('%s → %s', (url, rule) => {
    const decision = checkUrl(url, policy);
    expect(decision).toMatchObject({ allowed: false, rule });
  });

  it.each([
    'https://example.com/',
    'http://93.184.215.14/page',
    'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/',
    'https://example.com/administrator-guide',
    'https://example.com/docs/admin-notes',
  ])('allows the public URL %s', (url) => {
    expect(checkUrl(url, policy)).toMatchObject({ allowed: true });
  });

  it('lets an allow-listed host:port through the address checks, but not through the path list', () => {
    const local: SsrfPolicy = { allowedHosts: ['127.0.0.1:8080'], blockedPaths: ['/admin'] };
    expect(checkUrl('http://127.0.0.1:8080/data', local)).toMatchObject({ allowed: true });
    expect(checkUrl('http://127.0.0.1:8081/data', local)).toMatchObject({ allowed: false, rule: 'loopback' });
    expect(checkUrl('http://127.0.0.1:8080/admin', local)).toMatchObject({ allowed: false, rule: 'blocked_path' });
  });
});

describe('checkAddress (the connect-time check of resolved addresses)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::ffff:192.168.0.1', 'private'],
    ['169.254.169.254', 'metadata_ip'],
    ['fe80::abcd', 'link_local'],
    ['not-an-ip', 'invalid_ip'],
  ])('%s → %s', (address, rule) => {
    expect(checkAddress(address)).toMatchObject({ allowed: false, rule });
  });

  it('allows global unicast', () => {
    expect(checkAddress('8.8.8.8')).toEqual({ allowed: true });
    expect(checkAddress('2001:4860:4860::8888')).toEqual({ allowed: true });
  });
});
