import { ApplicationFailure } from '@temporalio/common';
import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { INLINE_OUTPUT_MAX_BYTES, isOutputRef, outputRef, outputRefShas, replaceOutputRefs } from '@steadfast/domain';
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
  const size = Buffer.byteLength(json, 'utf8');
  if (size <= INLINE_OUTPUT_MAX_BYTES) return value;
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

type ActivityFn = (...args: any[]) => Promise<unknown>;

/**
 * Wraps node activities at worker binding time, so no activity has to know about the store: references
 * in the arguments are loaded on entry, and a result over 32 KiB is stored and replaced by its
 * reference before it reaches workflow history. Any node activity bound through here gets both.
 */
export function withOutputStore<T extends Record<string, ActivityFn>>(activities: T, store: OutputStore): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: unknown[]) => storeIfLarge(await activity(...(await loadOutputRefs(args, store))), store),
  ]);
  return Object.fromEntries(wrapped) as T;
}
