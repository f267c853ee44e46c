export * from './app-config';
export * from './logger';
export * from './startup-error';
