import { createHash } from 'node:crypto';
import { outputRef } from '@steadfast/domain';
import { withOutputStore, type OutputStore } from './output-store';

/** An in-memory store with the repository's contract: put is insert-or-ignore by sha. */
function memoryStore() {
  const rows = new Map<string, { json: string; size: number }>();
  const store: OutputStore = {
    put: async ({ sha256: sha, json, sizeBytes: size }) => void (rows.has(sha) || rows.set(sha, { json, size })),
    getMany: async (shas) => new Map(shas.filter((sha) => rows.has(sha)).map((sha) => [sha, JSON.parse(rows.get(sha)!.json)])),
    select: async () => undefined,
  };
  return { store, rows };
}

const large = (order: 'ab' | 'ba') => {
  const a = 'a'.repeat(20_000);
  const b = 'b'.repeat(20_000);
  return order === 'ab' ? { a, b } : { b, a };
};

describe('withOutputStore', () => {
  it('passes small results through untouched', async () => {
    const { store, rows } = memoryStore();
    const sut = withOutputStore({ echo: async (args: { value: unknown }) => args.value }, store);
    await expect(sut.echo({ value: { small: 'x'.repeat(100) } })).resolves.toEqual({ small: 'x'.repeat(100) });
    expect(rows.size).toBe(0);
  });

  it('stores a result over 32 KiB once, under the sha256 of its canonical JSON, and returns the reference', async () => {
    const { store, rows } = memoryStore();
    const sut = withOutputStore({ echo: async (args: { value: unknown }) => args.value }, store);
    const first = await sut.echo({ value: large('ab') });
    const second = await sut.echo({ value: large('ba') });
    const canonical = JSON.stringify(large('ab'));
    const sha = createHash('sha256').update(canonical).digest('hex');
    expect(first).toEqual(outputRef(sha, Buffer.byteLength(canonical)));
    expect(second).toEqual(first);
    expect([...rows.keys()]).toEqual([sha]);
  });

  it('loads references in the arguments before the activity runs', async () => {
    const { store } = memoryStore();
    const sut = withOutputStore(
      { echo: async (args: { value: unknown }) => args.value, size: async (args: { body: unknown }) => JSON.stringify(args.body).length },
      store,
    );
    const ref = await sut.echo({ value: large('ab') });
    await expect(sut.size({ body: { nested: [ref] } })).resolves.toBe(JSON.stringify({ nested: [large('ab')] }).length);
  });

  it('fails without retry when a referenced output is not stored', async () => {
    const { store } = memoryStore();
    const sut = withOutputStore({ echo: async (args: { value: unknown }) => args.value }, store);
    await expect(sut.echo({ value: outputRef('e'.repeat(64), 40_000) })).rejects.toMatchObject({ type: 'StoredOutputMissing', nonRetryable: true });
  });

  it("refuses a result that poses as a reference, so fetched data cannot name another run's stored output", async () => {
    const { store, rows } = memoryStore();
    const sut = withOutputStore({ fetch: async () => ({ status: 200, body: outputRef('e'.repeat(64), 40_000) }) }, store);
    await expect(sut.fetch()).rejects.toMatchObject({ type: 'ReservedOutputShape', nonRetryable: true });
    expect(rows.size).toBe(0);
    // A "$output_ref" key among other keys is ordinary data.
    const plain = withOutputStore({ fetch: async () => ({ $output_ref: 'x', other: 1 }) }, store);
    await expect(plain.fetch()).resolves.toEqual({ $output_ref: 'x', other: 1 });
  });
});
