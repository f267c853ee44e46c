/** The Temporal server's side of Steadfast: the dev server, its dynamic config, search attributes. */
export * from './dev-server';
export * from './dynamic-config';
export * from './resolve-cli';
export * from './search-attributes';
export * from './temporal-server';
