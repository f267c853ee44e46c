export * from './contracts';
export * from './activities';
export * from './connection';
export * from './search-attributes';
