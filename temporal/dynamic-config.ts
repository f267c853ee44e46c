import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One setting as the server's dynamic-config file states it: a value, optionally scoped by constraints. */
interface ConstrainedValue {
  value: unknown;
  constraints?: Record<string, unknown>;
}

/** The project's one dynamic-config file, read by the dev server here and mounted by docker-compose.yml. */
export function dynamicConfigPath(projectRoot: string): string {
  return join(projectRoot, 'temporal', 'dynamic-config.yaml');
}

/**
 * The file's settings as `key -> value`. The dev server takes only unconstrained values on its command
 * line, so a setting scoped by constraints is refused here rather than applied to every namespace.
 */
export function readDynamicConfig(projectRoot: string): Record<string, unknown> {
  const path = dynamicConfigPath(projectRoot);
  const file = parse(readFileSync(path, 'utf8')) as Record<string, ConstrainedValue[]> | null;
  const settings: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(file ?? {})) {
    const [first, ...more] = values;
    if (!first || more.length > 0 || Object.keys(first.constraints ?? {}).length > 0) {
      throw new Error(`${path}: ${key} must have exactly one value without constraints for the dev server`);
    }
    settings[key] = first.value;
  }
  return settings;
}

/** The settings as `temporal server start-dev` flags. */
export function dynamicConfigArgs(settings: Record<string, unknown>): string[] {
  return Object.entries(settings).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}
