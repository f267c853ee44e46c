import fc from 'fast-check';

/* How the fuzz breaks a valid body: mutations at any place in it (wrong types, hostile keys, huge and deep values), then broken bytes on the wire. */

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
