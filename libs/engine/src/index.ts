export * from './contracts';
export * from './activities';
export * from './sinks/run-events.sink';
export * from './shared-workflow-modules';
export * from './workflow-bundle-path';
