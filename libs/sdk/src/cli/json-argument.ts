import { readFileSync } from 'node:fs';

/** `@path` reads JSON from a file; anything else is JSON text. */
export function readJsonArgument(argument: string, what: string): unknown {
  const text = argument.startsWith('@') ? readFileSync(argument.slice(1), 'utf8') : argument;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(
      `${what} is not valid JSON${argument.startsWith('@') ? ` (${argument.slice(1)})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** A run's input: JSON (inline or `@file`), or else the text itself, since the API takes a string input too. */
export function readRunInput(argument: string): unknown {
  if (argument.startsWith('@')) return readJsonArgument(argument, '--input');
  try {
    return JSON.parse(argument) as unknown;
  } catch {
    return argument;
  }
}

export function readJsonObject(argument: string, what: string): Record<string, unknown> {
  const value = readJsonArgument(argument, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
