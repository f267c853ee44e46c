import { checkAddress, checkUrl, DEFAULT_BLOCKED_PATHS, type SsrfPolicy } from './ssrf-policy';

const policy: SsrfPolicy = { allowedHosts: [], blockedPaths: DEFAULT_BLOCKED_PATHS };

/** Decisions only: nothing here opens a connection to any of these addresses. */
describe('checkUrl refuses SSRF tricks, naming the rule', () => {
  it.each([
    // loopback, however written
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://0x7f.0x0.0x0.0x1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.255.255.254:8080/x', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://[2002:7f00:1::]/', 'loopback'],
    ['http://localhost/', 'local_host'],
    ['http://LOCALHOST./', 'local_host'],
    ['http://api.localhost/', 'local_host'],
    // unspecified
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    // private
    ['http://10.0.0.1/', 'private'],
    ['http://10.255.255.255/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.1/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://0xc0a80101/', 'private'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://[fd12:3456::1]/', 'private'],
    ['http://[fc00::1]/', 'private'],
    // link-local, CGNAT, multicast, broadcast
    ['http://169.254.1.1/', 'link_local'],
    ['http://[fe80::1]/', 'link_local'],
    ['http://100.64.0.1/', 'carrier_grade_nat'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://255.255.255.255/', 'reserved_ip'],
    // cloud metadata, by address and by name
    ['http://169.254.169.254/latest/meta-data/', 'metadata_ip'],
    ['http://0xa9fea9fe/', 'metadata_ip'],
    ['http://2852039166/', 'metadata_ip'],
    ['http://[::ffff:169.254.169.254]/', 'metadata_ip'],
    ['http://[fd00:ec2::254]/', 'metadata_ip'],
    ['http://100.100.100.200/', 'metadata_ip'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata_host'],
    ['http://METADATA.GOOGLE.INTERNAL./', 'metadata_host'],
    ['http://metadata/', 'metadata_host'],
    ['http://metadata.azure.com/', 'metadata_host'],
    // schemes and credentials
    ['file:///etc/passwd', 'protocol'],
    ['gopher://example.com/', 'protocol'],
    ['ftp://example.com/', 'protocol'],
    ['javascript:alert(1)', 'protocol'],
    ['not a url', 'protocol'],
    ['http://user:pass@example.com/', 'credentials'],
    // blocked paths, however spelled
    ['https://example.com/admin', 'blocked_path'],
    ['https://example.com/ADMIN/users', 'blocked_path'],
    ['https://example.com/%61dmin', 'blocked_path'],
    ['https://example.com/public/../admin', 'blocked_path'],
    ['https://example.com/.env', 'blocked_path'],
    ['https://example.com/%2eenv', 'blocked_path'],
    ['https://example.com/x/%2e%2e/.git/config', 'blocked_path'],
    ['https://example.com//api/keys', 'blocked_path'],
  ])('%s → %s', (url, rule) => {
    const decision = checkUrl(url, policy);
    expect(decision).toMatchObject({ allowed: false, rule });
  });

  it.each(['https://example.com/', 'http://93.184.215.14/page', 'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/', 'https://example.com/administrator-guide', 'https://example.com/docs/admin-notes'])(
    'allows the public URL %s',
    (url) => {
      expect(checkUrl(url, policy)).toMatchObject({ allowed: true });
    },
  );

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
