/** One page of a cursor-paged list, as the API sends it. */
export type CursorPage<Key extends string, Item> = { [K in Key]: Item[] } & { next_cursor: string | null };

/**
 * A list that fetches its next page only when iteration reaches it: `for await (const run of list)`
 * walks every item of every page; `pages()` yields the pages as the API sent them.
 */
export class Paginated<Key extends string, Item> implements AsyncIterable<Item> {
  constructor(
    private readonly key: Key,
    private readonly fetchPage: (cursor: string | undefined) => Promise<CursorPage<Key, Item>>,
    private readonly startCursor?: string,
  ) {}

  async *pages(): AsyncGenerator<CursorPage<Key, Item>, void, undefined> {
    let cursor = this.startCursor;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page[this.key];
  }

  /** Every item of every page, in order. */
  async toArray(): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}
