import fc from 'fast-check';

/** Real ids the fuzz mixes with made-up ones, so requests reach past the 404s into the handlers. */
export interface FuzzIds {
  runs: string[];
  nodes: string[];
  approvals: string[];
  patches: string[];
  workflows: string[];
  agents: string[];
  keys: string[];
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

type IdKind = keyof FuzzIds | 'version';
type BodyKind = 'run' | 'workflow' | 'agent' | 'patch' | 'decide' | 'key';

interface FuzzRoute {
  method: string;
  /** As the OpenAPI document writes it, `{id}` as `:id`. */
  template: string;
  params?: Record<string, IdKind>;
  query?: string[];
  body?: BodyKind;
}

const RUN = { id: 'runs' } as const;
const PAGE = ['limit', 'cursor'];

/** Every route of the API (the suite checks this list against the OpenAPI document). */
export const FUZZ_ROUTES: FuzzRoute[] = [
  { method: 'GET', template: '/health' },
  { method: 'GET', template: '/healthz' },
  { method: 'GET', template: '/ready' },
  { method: 'GET', template: '/readyz' },
  { method: 'GET', template: '/metrics' },
  { method: 'GET', template: '/docs/openapi.json' },
  { method: 'POST', template: '/api/runs', body: 'run' },
  { method: 'GET', template: '/api/runs', query: [...PAGE, 'status', 'tag'] },
  { method: 'GET', template: '/api/runs/:id', params: RUN },
  { method: 'POST', template: '/api/runs/:id/start', params: RUN },
  { method: 'POST', template: '/api/runs/:id/cancel', params: RUN },
  { method: 'GET', template: '/api/runs/:id/nodes', params: RUN },
  { method: 'GET', template: '/api/runs/:id/nodes/:nodeId/output', params: { id: 'runs', nodeId: 'nodes' } },
  { method: 'GET', template: '/api/runs/:id/events', params: RUN, query: ['after', 'limit'] },
  { method: 'GET', template: '/api/runs/:id/logs/stream', params: RUN, query: ['lastEventId'] },
  { method: 'POST', template: '/api/runs/:id/patches', params: RUN, body: 'patch' },
  { method: 'GET', template: '/api/runs/:id/patches', params: RUN },
  { method: 'GET', template: '/api/runs/:id/patches/:patchId', params: { id: 'runs', patchId: 'patches' } },
  { method: 'GET', template: '/api/runs/:id/definition', params: RUN },
  { method: 'POST', template: '/api/workflows', body: 'workflow' },
  { method: 'GET', template: '/api/workflows', query: PAGE },
  { method: 'GET', template: '/api/workflows/:name', params: { name: 'workflows' } },
  { method: 'GET', template: '/api/workflows/:name/versions', params: { name: 'workflows' } },
  { method: 'GET', template: '/api/workflows/:name/versions/:version', params: { name: 'workflows', version: 'version' } },
  { method: 'POST', template: '/api/agents', body: 'agent' },
  { method: 'GET', template: '/api/agents', query: PAGE },
  { method: 'GET', template: '/api/agents/:name', params: { name: 'agents' } },
  { method: 'GET', template: '/api/agents/:name/versions', params: { name: 'agents' } },
  { method: 'GET', template: '/api/agents/:name/versions/:version', params: { name: 'agents', version: 'version' } },
  { method: 'GET', template: '/api/approvals', query: [...PAGE, 'status', 'run_id'] },
  { method: 'GET', template: '/api/approvals/:id', params: { id: 'approvals' } },
  { method: 'POST', template: '/api/approvals/:id/decide', params: { id: 'approvals' }, body: 'decide' },
  { method: 'POST', template: '/api/keys', body: 'key' },
  { method: 'GET', template: '/api/keys', query: [...PAGE, 'tenant'] },
  { method: 'DELETE', template: '/api/keys/:id', params: { id: 'keys' } },
];

/** Valid bodies per route: the mutations start from something the server would accept. */
const VALID_BODIES: Record<BodyKind, unknown[]> = {
  run: [
    { name: 'fuzz', workflow: { nodes: [{ id: 'a', type: 'echo', config: { value: '{{ input.x }}' } }] }, input: { x: 1 }, tags: ['fuzz'] },
    { name: 'fuzz-start', workflow: 'fuzz-flow', input: { x: 'y' }, start: true, client_token: 'fuzz-token-1' },
    {
      name: 'fuzz-graph',
      workflow: {
        nodes: [
          { id: 'a', type: 'transform', config: { expression: '$' } },
          { id: 'b', type: 'delay', config: { duration: '10ms' }, depends_on: ['a'] },
          { id: 'c', type: 'http', config: { url: 'http://127.0.0.1:9/x', headers: { 'x-k': '{{ secrets.K }}' }, secret_headers: ['x-k'] }, depends_on: ['b'] },
        ],
        timeout: '1m',
      },
      input: 'text',
    },
  ],
  workflow: [
    { name: 'fuzz-flow', description: 'fuzzed', nodes: [{ id: 'a', type: 'echo', config: { value: 1 } }], timeout: '5m', input_schema: { type: 'object' } },
    {
      name: 'fuzz-edges',
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'echo' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    },
  ],
  agent: [
    {
      name: 'fuzz-agent',
      description: 'd',
      model: 'gpt-4o-mini',
      system_prompt: 'Be brief.',
      tools: ['finish', 'http_request'],
      temperature: 0.2,
      max_steps: 3,
    },
  ],
  patch: [
    { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'p', type: 'echo', config: {}, depends_on: [] } }], reason: 'fuzz' },
    { operations: [{ op: 'replace', path: '/nodes/0/config', value: { value: 2 } }] },
  ],
  decide: [
    { decision: 'approve', decided_by: 'fuzzer', comment: 'ok' },
    { decision: 'reject', decided_by: 'fuzzer' },
  ],
  key: [{ name: 'fuzz key', tenant: 'fuzz', scopes: ['runs:read'], user: 'fuzzer', roles: ['ops'] }],
};

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'extra', '', 'name', 'nodes', '$where', 'k\u0000', 'a'.repeat(300)];

type Json = unknown;
type Path = (string | number)[];

function paths(value: Json, prefix: Path = []): Path[] {
  const here = [prefix];
  // Past a nesting a mutation made deep on purpose there is nothing new to mutate.
  if (prefix.length >= 12) return here;
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => paths(item, [...prefix, i])));
  if (value !== null && typeof value === 'object') return here.concat(Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])));
  return here;
}

/** Sets an own property even for `__proto__`, so JSON.stringify writes the key rather than a prototype. */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Replaces the value at `path` with what `change` returns for it; `change` returns DELETE to remove it instead. */
function apply(root: Json, path: Path, change: (current: Json) => Json): Json {
  if (path.length === 0) {
    const next = change(root);
    return next === DELETE ? {} : next;
  }
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const next = change(parent[last]);
  if (next === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else setOwn(parent, last, next);
  return root;
}

const DELETE = Symbol('delete');

/** Deep values are spliced in as text after serialising: building them as objects would overflow the test's own stack. */
const DEEP_MARK = /"@@deep:(\d+)@@"/g;
const deepText = (depth: number): string => {
  const open = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? '[' : '{"d":')).join('');
  const close = Array.from({ length: depth }, (_, i) => (i % 2 === 0 ? ']' : '}'))
    .reverse()
    .join('');
  return `${open}1${close}`;
};

/** One change at a chosen place in a body. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    kind: fc.constant('wrongType' as const),
    at: fc.nat(),
    value: fc.constantFrom<Json>(0, -1, 1e308, 2147483648, true, null, [], {}, '', [null], { a: 1 }, 'x', 'nul\u0000', '\ud800'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('addKey' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 20 })),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), size: fc.constantFrom(200, 5_000, 70_000, 300_000) }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.constantFrom(10, 63, 65, 200, 2_000) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(body: Json, m: Mutation): Json {
  const all = paths(body);
  const path = all[m.at % all.length];
  switch (m.kind) {
    case 'set':
    case 'wrongType':
      // Cloned: fast-check reuses generated values, and a later mutation must not edit one in place.
      return apply(body, path, () => structuredClone(m.value));
    case 'delete':
      return apply(body, path, () => DELETE);
    case 'addKey':
      return apply(body, path, (current) => {
        const target = current !== null && typeof current === 'object' && !Array.isArray(current) ? current : {};
        setOwn(target as Record<string, unknown>, m.key, structuredClone(m.value));
        return target;
      });
    case 'huge':
      return apply(body, path, () => 'x'.repeat(m.size));
    case 'deep':
      return apply(body, path, () => `@@deep:${m.depth}@@`);
  }
}

/** How the (mutated) body goes on the wire: mostly JSON, sometimes broken on purpose. */
const encoding = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'json' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('badUtf8' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4, min: 0x80, max: 0xff }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 2_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('protoText' as const), at: fc.nat() }) },
);

/** A valid body with up to three mutations, encoded (or broken) for the wire. */
export function mutatedBody(valid: Json): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.array(mutation, { maxLength: 3 }), encoding).map(([mutations, enc]) => {
    const body = mutations.reduce<Json>((acc, m) => mutate(acc, m), structuredClone(valid));
    const text = Buffer.from((JSON.stringify(body) ?? 'null').replace(DEEP_MARK, (_, depth: string) => deepText(Number(depth))));
    switch (enc.kind) {
      case 'json':
        return text;
      case 'truncate':
        return text.subarray(0, enc.at % (text.length + 1));
      case 'badUtf8': {
        const at = enc.at % (text.length + 1);
        return Buffer.concat([text.subarray(0, at), Buffer.from(enc.bytes), text.subarray(at)]);
      }
      case 'bytes':
        return Buffer.from(enc.bytes);
      case 'protoText': {
        // Written as text: a key JSON.stringify could never emit from a plain object.
        const at = text.indexOf('{');
        return at === -1 ? text : Buffer.concat([text.subarray(0, at + 1), Buffer.from('"__proto__":{"polluted":1},'), text.subarray(at + 1)]);
      }
    }
  });
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
