import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import stringify from 'safe-stable-stringify';

/*
 * JSON Schema 2020-12 (what OpenAI structured outputs and most current tooling speak). Not strict:
 * user schemas carry annotations such as `example` that strict mode would refuse.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/* Compiled validators by canonical schema text; definitions repeat across runs, compiling costs ~1 ms. */
const MAX_CACHED = 500;
const cache = new Map<string, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  const key = stringify(schema) ?? '';
  const known = cache.get(key);
  if (known) return known;
  const validate = ajv.compile(schema);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, validate);
  return validate;
}

function describe(error: ErrorObject, root: string | undefined): string {
  const where = root !== undefined ? `${root}${error.instancePath}` : error.instancePath === '' ? 'value' : error.instancePath;
  if (error.keyword === 'additionalProperties') return `${where} has unknown property "${String(error.params.additionalProperty)}"`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Why a value is not a usable JSON Schema; empty when it compiles. */
export function schemaProblems(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return ['must be a JSON Schema object'];
  try {
    compile(schema);
    return [];
  } catch (err) {
    return [`is not a valid JSON Schema: ${(err as Error).message}`];
  }
}

/**
 * Readable reasons `value` does not match `schema` (e.g. `/title must be string`); empty when it does.
 * With `root`, paths start with it (`input/title must be string`, `input must be object`).
 */
export function schemaViolations(schema: object, value: unknown, root?: string): string[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => describe(error, root));
}
