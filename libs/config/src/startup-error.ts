import { ConfigError } from './app-config';

/** Ends a process that could not start: a configuration mistake as one readable line, anything else in full. */
export function exitOnStartupError(err: unknown): never {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
