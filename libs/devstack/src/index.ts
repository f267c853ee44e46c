export * from './embedded-postgres';
export * from './free-port';
export * from './temporal-server';
export * from './scripted-model';
