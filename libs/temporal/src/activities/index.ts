export * from './activity-types';
export * from './run-record.activities';
export * from './node.activities';
export * from './maintenance.activities';
export * from './http.activities';
export * from './guarded-lookup';
export * from './guarded-request';
export * from './agent';
