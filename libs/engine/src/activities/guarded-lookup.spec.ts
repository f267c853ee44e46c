import type { LookupAddress } from 'node:dns';
import { guardedLookup, SsrfRefusal, type Resolver } from './guarded-lookup';

/** A resolver that answers from a table: the guard's decisions, with no DNS and no connection. */
const table =
  (answers: Record<string, LookupAddress[]>): Resolver =>
  (hostname, callback) =>
    callback(null, answers[hostname] ?? []);

function lookupOnce(sut: ReturnType<typeof guardedLookup>, host: string, all = true) {
  return new Promise<{ err: Error | null; address: unknown }>((resolve) => sut(host, { all }, (err, address) => resolve({ err, address })));
}

describe('guardedLookup', () => {
  const resolver = table({
    'rebind.example': [{ address: '127.0.0.1', family: 4 }],
    'mixed.example': [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.8', family: 4 },
    ],
    'meta.example': [{ address: '169.254.169.254', family: 4 }],
    'v6.example': [{ address: '::ffff:192.168.1.5', family: 6 }],
    'public.example': [
      { address: '93.184.215.14', family: 4 },
      { address: '93.184.215.15', family: 4 },
    ],
    'tests.internal': [{ address: '127.0.0.1', family: 4 }],
  });
  const sut = guardedLookup({ allowedHosts: ['tests.internal:8080'], blockedPaths: [] }, resolver);

  it.each([
    ['rebind.example', 'loopback'],
    ['mixed.example', 'private'],
    ['meta.example', 'metadata_ip'],
    ['v6.example', 'private'],
  ])('refuses %s (resolves to a %s address)', async (host, rule) => {
    const { err } = await lookupOnce(sut, host);
    expect(err).toBeInstanceOf(SsrfRefusal);
    expect((err as SsrfRefusal).rule).toBe(rule);
  });

  it('pins the connection to the one address it checked', async () => {
    await expect(lookupOnce(sut, 'public.example')).resolves.toEqual({ err: null, address: [{ address: '93.184.215.14', family: 4 }] });
    await expect(lookupOnce(sut, 'public.example', false)).resolves.toEqual({ err: null, address: '93.184.215.14' });
  });

  it('lets an allow-listed name resolve to a local address', async () => {
    await expect(lookupOnce(sut, 'tests.internal')).resolves.toEqual({ err: null, address: [{ address: '127.0.0.1', family: 4 }] });
  });
});
