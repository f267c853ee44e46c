import { searchAttributeArgs } from './search-attributes';

describe("Steadfast's search attributes on a dev server", () => {
  it('registers every key the code reads and writes, with its type', () => {
    expect(searchAttributeArgs()).toEqual([
      '--search-attribute',
      'SteadfastRunStatus=Keyword',
      '--search-attribute',
      'SteadfastRunName=Keyword',
      '--search-attribute',
      'SteadfastRunTags=KeywordList',
      '--search-attribute',
      'SteadfastTenant=Keyword',
    ]);
  });
});
