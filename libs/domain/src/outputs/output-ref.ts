/**
 * Node outputs whose canonical JSON is larger than this are kept in Postgres, once per content, and travel
 * through the workflow as a reference: Temporal history then holds 100 bytes instead of the whole value.
 */
export const INLINE_OUTPUT_MAX_BYTES = 32 * 1024;

export const OUTPUT_REF_KEY = '$output_ref';

export interface OutputRefTarget {
  sha256: string;
  size_bytes: number;
}

/** What stands in for a stored output wherever the value itself would go. */
export interface OutputRef {
  [OUTPUT_REF_KEY]: OutputRefTarget;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function outputRef(sha256: string, sizeBytes: number): OutputRef {
  return { [OUTPUT_REF_KEY]: { sha256, size_bytes: sizeBytes } };
}

/** Exactly the reference shape: a user value that merely has a `$output_ref` key among others is data. */
export function isOutputRef(value: unknown): value is OutputRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== OUTPUT_REF_KEY) return false;
  const target = (value as OutputRef)[OUTPUT_REF_KEY] as unknown as Record<string, unknown> | null;
  return (
    target !== null &&
    typeof target === 'object' &&
    typeof target.sha256 === 'string' &&
    SHA256.test(target.sha256) &&
    Number.isInteger(target.size_bytes) &&
    (target.size_bytes as number) >= 0
  );
}

/** Whether a value holds a reference anywhere; stops at the first one. */
export function containsOutputRef(value: unknown): boolean {
  if (isOutputRef(value)) return true;
  if (Array.isArray(value)) return value.some(containsOutputRef);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsOutputRef);
  return false;
}

/** The distinct sha256s referenced anywhere in a value. */
export function outputRefShas(value: unknown, found = new Set<string>()): Set<string> {
  if (isOutputRef(value)) found.add(value[OUTPUT_REF_KEY].sha256);
  else if (Array.isArray(value)) for (const item of value) outputRefShas(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) outputRefShas(item, found);
  return found;
}

/** A copy of the value with every reference replaced by its content; parts without references are shared, not copied. */
export function replaceOutputRefs(value: unknown, contents: ReadonlyMap<string, unknown>): unknown {
  if (isOutputRef(value)) {
    const sha = value[OUTPUT_REF_KEY].sha256;
    if (!contents.has(sha)) throw new Error(`no content for stored output ${sha}`);
    return contents.get(sha);
  }
  if (!containsOutputRef(value)) return value;
  if (Array.isArray(value)) return value.map((item) => replaceOutputRefs(item, contents));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, replaceOutputRefs(item, contents)]));
}

/**
 * The value with every reference in it replaced by its stored content, fetched in one batch by
 * `getMany`; `missing` names a referenced sha the store does not hold.
 */
export async function loadOutputRefs(
  value: unknown,
  getMany: (shas: string[]) => Promise<ReadonlyMap<string, unknown>>,
): Promise<{ value: unknown } | { missing: string }> {
  if (!containsOutputRef(value)) return { value };
  const shas = [...outputRefShas(value)];
  const contents = await getMany(shas);
  const missing = shas.find((sha) => !contents.has(sha));
  return missing ? { missing } : { value: replaceOutputRefs(value, contents) };
}
