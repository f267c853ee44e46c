export * from './contracts';
export * from './activities';
export * from './search-attributes';
