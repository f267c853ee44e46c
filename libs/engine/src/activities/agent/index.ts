export * from './agent.activities';
export * from './agent.types';
