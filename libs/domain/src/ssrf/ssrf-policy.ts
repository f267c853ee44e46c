import ipaddr from 'ipaddr.js';

/** Why a request was refused; the rule name travels in the node's error and in metrics labels. */
export type SsrfRule =
  | 'protocol'
  | 'credentials'
  | 'metadata_host'
  | 'local_host'
  | 'blocked_path'
  | 'metadata_ip'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'carrier_grade_nat'
  | 'multicast'
  | 'unspecified'
  | 'reserved_ip'
  | 'invalid_ip';

export type SsrfDecision = { allowed: true } | { allowed: false; rule: SsrfRule; reason: string };

export interface SsrfPolicy {
  /** host or host:port entries that skip the address checks (e.g. a local test server). */
  allowedHosts: string[];
  /** Path prefixes refused on every host, compared case-insensitively after decoding. */
  blockedPaths: string[];
}

export const DEFAULT_BLOCKED_PATHS = ['/admin', '/.env', '/.git', '/api/keys', '/server-status', '/actuator'];

const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.packet.net',
  'metadata.platformequinix.com',
  'metadata.tencentyun.com',
]);
const METADATA_IPS = new Set(['169.254.169.254', '169.254.170.2', '169.254.169.253', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254']);

const RANGE_RULES: Record<string, SsrfRule> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link_local',
  carrierGradeNat: 'carrier_grade_nat',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'reserved_ip',
};

const refuse = (rule: SsrfRule, reason: string): SsrfDecision => ({ allowed: false, rule, reason });

/** Strips IPv6 brackets and a trailing dot, lower-cases. */
function normaliseHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

export function isAllowListed(url: URL, policy: SsrfPolicy): boolean {
  const host = normaliseHost(url.hostname);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return policy.allowedHosts.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted === host || wanted === `${host}:${port}` || wanted === `[${host}]:${port}`;
  });
}

/**
 * Whether an address may be connected to. IPv4-mapped and -translated IPv6 forms are judged as the IPv4
 * address they carry; anything that is not plain global unicast is refused, cloud metadata by name.
 */
export function checkAddress(address: string): SsrfDecision {
  if (!ipaddr.isValid(address)) return refuse('invalid_ip', `"${address}" is not an IP address`);
  let ip = ipaddr.process(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // 6to4 (2002::/16) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address: judge that one.
    if (v6.match(ipaddr.IPv6.parse('2002::'), 16)) {
      const [a, b] = [v6.parts[1], v6.parts[2]];
      ip = ipaddr.IPv4.parse(`${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`);
    } else if (v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96) || v6.match(ipaddr.IPv6.parse('64:ff9b:1::'), 48)) {
      const [a, b] = [v6.parts[6], v6.parts[7]];
      ip = ipaddr.IPv4.parse(`${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`);
    }
  }
  const text = ip.toString();
  if (METADATA_IPS.has(text)) return refuse('metadata_ip', `${text} is a cloud metadata address`);
  const range = ip.range();
  if (range === 'unicast') return { allowed: true };
  return refuse(RANGE_RULES[range] ?? 'reserved_ip', `${text} is in the ${range} range`);
}

/**
 * The checks a URL must pass before any connection: scheme, credentials, host names, literal addresses
 * (however written: the URL parser already turns decimal, octal, hex and short IPv4 forms into dotted
 * quads) and the path block list. Host names are resolved and checked at connect time.
 */
export function checkUrl(raw: string, policy: SsrfPolicy): SsrfDecision & { url?: URL } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('protocol', `"${raw}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('protocol', `${url.protocol} is not allowed; use http or https`);
  if (url.username || url.password) return refuse('credentials', 'URLs with embedded credentials are refused');
  const path = pathForMatching(url.pathname);
  const blocked = policy.blockedPaths.find((prefix) => path === prefix.toLowerCase() || path.startsWith(`${prefix.toLowerCase().replace(/\/$/, '')}/`));
  if (blocked) return refuse('blocked_path', `path ${url.pathname} is blocked (${blocked})`);
  if (isAllowListed(url, policy)) return { allowed: true, url };
  const host = normaliseHost(url.hostname);
  if (METADATA_HOSTS.has(host)) return refuse('metadata_host', `${host} is a cloud metadata host`);
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.localdomain') return refuse('local_host', `${host} names this machine`);
  if (ipaddr.isValid(host)) {
    const decision = checkAddress(host);
    return decision.allowed ? { allowed: true, url } : decision;
  }
  return { allowed: true, url };
}

/** Decodes percent-escapes (repeatedly, so %252e cannot hide a dot) and lower-cases, for prefix matching. */
function pathForMatching(pathname: string): string {
  let path = pathname;
  for (let i = 0; i < 3; i++) {
    try {
      const decoded = decodeURIComponent(path);
      if (decoded === path) break;
      path = decoded;
    } catch {
      break;
    }
  }
  // Collapse duplicate slashes and dot segments that decoding may have revealed.
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}
