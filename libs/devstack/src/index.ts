export * from './child-exit';
export * from './embedded-postgres';
export * from './free-port';
export * from './scripted-model';
