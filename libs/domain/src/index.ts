export * from './run/run-status';
export * from './run/run-event';
export * from './dag/dag.types';
export * from './dag/node-types';
export * from './dag/validate-dag';
export * from './duration';
export * from './errors';
