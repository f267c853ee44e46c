import { ApplicationFailure } from '@temporalio/common';
import { containsOutputRef, INLINE_OUTPUT_MAX_BYTES, isOutputRef, loadOutputRefs, OUTPUT_REF_KEY, outputRef, type OutputRef } from '@steadfast/domain';
import { contentAddress, type ContentAddress, type OutputStoreRepository } from '@steadfast/persistence';

export type OutputStore = Pick<OutputStoreRepository, 'put' | 'getMany' | 'select'>;

/** A value over the inline limit is stored (once per content) and comes back as its reference; smaller values come back as they are. */
export async function storeIfLarge(value: unknown, store: OutputStore): Promise<unknown> {
  if (value === undefined || isOutputRef(value)) return value;
  const address = contentAddress(value);
  return address.sizeBytes <= INLINE_OUTPUT_MAX_BYTES ? value : storeAt(address, store);
}

/* Equal outputs share one row: the address is the content's. */
async function storeAt(address: ContentAddress, store: OutputStore): Promise<OutputRef> {
  await store.put(address);
  return outputRef(address.sha256, address.sizeBytes);
}

/** The value with every reference in it replaced by the stored content. */
async function loadStoredOutputs<T>(value: T, store: OutputStore): Promise<T> {
  const loaded = await loadOutputRefs(value, (shas) => store.getMany(shas));
  if ('missing' in loaded) throw ApplicationFailure.nonRetryable(`stored output ${loaded.missing} is missing from the output store`, 'StoredOutputMissing');
  return loaded.value as T;
}

/*
 * A result whose fields must stay readable in the workflow (an agent's usage and model): when it is too
 * large, its large fields are stored one by one instead of the whole. A field counts as large past an
 * eighth of the inline limit, so a handful of small fields always fit.
 */
async function storeLargeFields(value: unknown, store: OutputStore): Promise<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return storeIfLarge(value, store);
  if (contentAddress(value).sizeBytes <= INLINE_OUTPUT_MAX_BYTES) return value;
  const entries = await Promise.all(
    Object.entries(value).map(async ([key, field]) => {
      if (field === undefined || isOutputRef(field)) return [key, field] as const;
      const address = contentAddress(field);
      return [key, address.sizeBytes > INLINE_OUTPUT_MAX_BYTES / 8 ? await storeAt(address, store) : field] as const;
    }),
  );
  return Object.fromEntries(entries);
}

// Any activity fits ActivityFn; the wrapper calls it with the arguments it was given, references loaded.
type ActivityFn = (...args: never[]) => Promise<unknown>;
type UntypedActivity = (...args: unknown[]) => Promise<unknown>;

/*
 * What an activity brings back from outside (a fetched body, a model's answer) must not pass for a
 * reference: the next activity would load whatever stored output it names, another run's included.
 */
function ownResult<T>(result: T): T {
  if (containsOutputRef(result)) {
    throw ApplicationFailure.nonRetryable(
      `the result contains a stored-output reference ({"${OUTPUT_REF_KEY}": ...}), which only the engine may create`,
      'ReservedOutputShape',
    );
  }
  return result;
}

/**
 * Wraps node activities at worker binding time, so no activity has to know about the store: references
 * in the arguments are loaded on entry, and a result over 32 KiB is stored and replaced by its
 * reference before it reaches workflow history. Any node activity bound through here gets both.
 */
export function withOutputStore<T extends Record<string, ActivityFn>>(activities: T, store: OutputStore, options: { fieldwise?: boolean } = {}): T {
  const storeResult = options.fieldwise ? storeLargeFields : storeIfLarge;
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: unknown[]) => storeResult(ownResult(await (activity as UntypedActivity)(...(await loadStoredOutputs(args, store)))), store),
  ]);
  return Object.fromEntries(wrapped) as T;
}
