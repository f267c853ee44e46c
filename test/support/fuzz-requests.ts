import fc from 'fast-check';
import { FUZZ_ROUTES, VALID_BODIES, type FuzzIds, type IdKind } from './fuzz-routes';
import { mutatedBody } from './fuzz-mutations';

// The fuzz spec takes all it needs from this one module.
export { FUZZ_ROUTES, type FuzzIds } from './fuzz-routes';
export { mutatedBody } from './fuzz-mutations';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** An id slot: a real id, a near miss, or junk (encoded as a client would, or sometimes raw). */
function idFor(kind: IdKind, ids: () => FuzzIds): fc.Arbitrary<string> {
  const real =
    kind === 'version'
      ? fc.constantFrom('1', '2')
      : fc
          .constant(null)
          .map(() => ids()[kind])
          .chain((list) => (list.length > 0 ? fc.constantFrom(...list) : fc.constant('none')));
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '..',
      '%2e%2e',
      '0',
      '-1',
      '1e309',
      '2147483648',
      '99999999999',
      'NaN',
      'run-',
      'apr-',
      'run-01ARZ3NDEKTSV4RRFFQ69G5FAV',
      'apr-00000000-0000-0000-0000-000000000000',
      'x'.repeat(101),
      'x'.repeat(2_000),
    ),
  );
  const nearMiss = fc
    .tuple(real, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([id, at, c]) => id.slice(0, at % (id.length + 1)) + c + id.slice((at % (id.length + 1)) + 1));
  const id = fc.oneof({ weight: 5, arbitrary: real }, { weight: 2, arbitrary: nearMiss }, { weight: 3, arbitrary: junk });
  return fc.tuple(id, fc.nat(9)).map(([value, roll]) => (roll === 0 ? value.replace(/[\s\r\n]/g, '') : encodeURIComponent(value)));
}

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1',
    '100',
    '101',
    '1.5',
    '1e3',
    '2147483648',
    'a\u0000',
    'created',
    'pending',
    'running',
    '99999999999999999999',
    'x'.repeat(500),
    '%FF',
    'null',
  ),
  fc.string({ maxLength: 30 }),
  fc.base64String({ maxLength: 80 }),
);

function queryFor(names: string[]): fc.Arbitrary<string> {
  const key =
    names.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
      : fc.string({ maxLength: 12 });
  const pairs = fc.array(fc.tuple(key, queryValue), { maxLength: 5 });
  const flood = fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 0, 2_000);
  return fc.tuple(pairs, flood).map(([list, floodCount]) => {
    const parts = list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
    for (let i = 0; i < floodCount; i++) parts.push(`f${i}=1`);
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  });
}

const headerValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '1', '99999999999', 'abc', 'Bearer x', 'sk_live_nope', '*', 'null'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => Buffer.from(s.replace(/[\r\n\0]/g, '')).toString('latin1')),
);

const headers = fc.record(
  {
    'content-type': fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/vnd.x+json',
          '',
        ),
      },
    ),
    'last-event-id': headerValue,
    'idempotency-key': headerValue,
    authorization: headerValue,
    origin: fc.constantFrom('https://evil.example.net', 'null', 'http://localhost'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage, 999.1.1.1'),
    'x-fuzz': fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n\0]/g, '')),
  },
  { requiredKeys: [] },
);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'FOO'];

/** One request to one route: its own method most of the time, with generated ids, query, headers and body. */
export function fuzzRequest(ids: () => FuzzIds): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...FUZZ_ROUTES).chain((route) => {
    const params = Object.entries(route.params ?? {});
    return fc
      .record({
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        values: fc.tuple(...params.map(([, kind]) => idFor(kind, ids))),
        query: queryFor(route.query ?? []),
        headers,
        body: route.body ? fc.constantFrom(...VALID_BODIES[route.body]).chain(mutatedBody) : fc.option(mutatedBody({ stray: true }), { freq: 10 }),
      })
      .map(({ method, values, query, headers: extra, body }) => {
        let path = route.template;
        params.forEach(([name], i) => (path = path.replace(`:${name}`, values[i])));
        const headerSet = { ...extra };
        if (headerSet['content-type'] === '') delete headerSet['content-type'];
        return { method, path: path + query, headers: headerSet, body: body ?? undefined };
      });
  });
}
