import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { INLINE_OUTPUT_MAX_BYTES, isOutputRef, outputRef, type OutputRef, outputRefShas, replaceOutputRefs } from '@steadfast/domain';
import type { OutputStoreRepository } from '@steadfast/persistence';

export type OutputStore = Pick<OutputStoreRepository, 'put' | 'getMany' | 'select'>;

/** Sorted keys, no whitespace: equal values give equal bytes, so equal outputs share one row. */
export function canonicalJson(value: unknown): string | undefined {
  return stringify(value);
}

/** A value over the inline limit is stored (once per content) and comes back as its reference; smaller values come back as they are. */
export async function storeIfLarge(value: unknown, store: OutputStore): Promise<unknown> {
  if (isOutputRef(value)) return value;
  const json = canonicalJson(value);
  if (json === undefined) return value;
  if (Buffer.byteLength(json, 'utf8') <= INLINE_OUTPUT_MAX_BYTES) return value;
  return storeJson(json, store);
}

async function storeJson(json: string, store: OutputStore): Promise<OutputRef> {
  const size = Buffer.byteLength(json, 'utf8');
  const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
  await store.put(sha256, json, size);
  return outputRef(sha256, size);
}

/** The value with every reference in it replaced by the stored content. */
export async function loadOutputRefs<T>(value: T, store: OutputStore): Promise<T> {
  const shas = outputRefShas(value);
  if (shas.size === 0) return value;
  const contents = await store.getMany([...shas]);
  const missing = [...shas].find((sha) => !contents.has(sha));
  if (missing) throw ApplicationFailure.nonRetryable(`stored output ${missing} is missing from the output store`, 'StoredOutputMissing');
  return replaceOutputRefs(value, contents) as T;
}

/*
 * A result whose fields must stay readable in the workflow (an agent's usage and model): when it is too
 * large, its large fields are stored one by one instead of the whole. A field counts as large past an
 * eighth of the inline limit, so a handful of small fields always fit.
 */
async function storeLargeFields(value: unknown, store: OutputStore): Promise<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return storeIfLarge(value, store);
  const json = canonicalJson(value);
  if (json === undefined || Buffer.byteLength(json, 'utf8') <= INLINE_OUTPUT_MAX_BYTES) return value;
  const entries = await Promise.all(
    Object.entries(value).map(async ([key, field]) => {
      const fieldJson = isOutputRef(field) ? undefined : canonicalJson(field);
      return [key, fieldJson !== undefined && Buffer.byteLength(fieldJson, 'utf8') > INLINE_OUTPUT_MAX_BYTES / 8 ? await storeJson(fieldJson, store) : field] as const;
    }),
  );
  return Object.fromEntries(entries);
}

type ActivityFn = (...args: any[]) => Promise<unknown>;

/**
 * Wraps node activities at worker binding time, so no activity has to know about the store: references
 * in the arguments are loaded on entry, and a result over 32 KiB is stored and replaced by its
 * reference before it reaches workflow history. Any node activity bound through here gets both.
 */
export function withOutputStore<T extends Record<string, ActivityFn>>(activities: T, store: OutputStore, options: { fieldwise?: boolean } = {}): T {
  const storeResult = options.fieldwise ? storeLargeFields : storeIfLarge;
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: unknown[]) => storeResult(await activity(...(await loadOutputRefs(args, store))), store),
  ]);
  return Object.fromEntries(wrapped) as T;
}
