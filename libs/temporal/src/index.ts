export * from './contracts';
export * from './activities';
export * from './search-attributes';
export * from './sinks/run-events.sink';
export * from './shared-workflow-modules';
