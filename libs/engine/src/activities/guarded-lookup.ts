import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { checkAddress, type SsrfPolicy, type SsrfRule } from '@steadfast/domain';

export class SsrfRefusal extends Error {
  readonly code = 'ESSRF';
  constructor(
    readonly rule: SsrfRule,
    reason: string,
  ) {
    super(reason);
  }
}

export type Resolver = (hostname: string, callback: (err: Error | null, addresses: LookupAddress[]) => void) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for the HTTP client's sockets: the host is resolved once, every address is checked, and the
 * socket connects to exactly the checked address, so DNS rebinding has no window between check and
 * connect. A name with any refused address is refused as a whole.
 */
export function guardedLookup(policy: SsrfPolicy, resolve: Resolver = systemResolver) {
  const allowListedNames = new Set(
    policy.allowedHosts.map((entry) =>
      entry
        .replace(/:\d+$/, '')
        .replace(/^\[|\]$/g, '')
        .toLowerCase(),
    ),
  );
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, (err, addresses) => {
      if (err) return callback(err, []);
      const usable = addresses.filter((entry) => !options.family || entry.family === options.family);
      if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (!allowListedNames.has(hostname.toLowerCase())) {
        for (const entry of usable) {
          const decision = checkAddress(entry.address);
          if (!decision.allowed) return callback(new SsrfRefusal(decision.rule, `${hostname} resolves to ${entry.address}: ${decision.reason}`), []);
        }
      }
      const pinned = usable[0];
      if (options.all) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    });
  };
}
