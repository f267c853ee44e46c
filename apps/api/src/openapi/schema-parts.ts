import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/*
 * Building blocks for the resource schemas. An object lists its properties and which of them may be
 * absent; everything else is required, because the presenters always send it (null when empty).
 * Objects stay open in the document (clients must tolerate new fields); the contract test closes them.
 */

export type Schema = SchemaObject | ReferenceObject;

export function object(properties: Record<string, Schema>, options: { optional?: string[]; description?: string } = {}): SchemaObject {
  const optional = new Set(options.optional ?? []);
  for (const name of optional) if (!(name in properties)) throw new Error(`optional property ${name} is not a property`);
  return {
    type: 'object',
    ...(options.description ? { description: options.description } : {}),
    required: Object.keys(properties).filter((name) => !optional.has(name)),
    properties,
  };
}

/** A JSON object whose keys are the caller's (a config, a JSON Schema): open in the contract test too. */
export const freeObject = (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description });
/** Any JSON value, null included. */
export const anyJson = (description: string): SchemaObject => ({ description });

export const text = (description?: string): SchemaObject => ({ type: 'string', ...(description ? { description } : {}) });
export const nullableText = (description?: string): SchemaObject => ({ ...text(description), nullable: true });
export const integer = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
export const nullableInteger = (description?: string): SchemaObject => ({ ...integer(description), nullable: true });
export const dateTime = (description?: string): SchemaObject => ({ type: 'string', format: 'date-time', ...(description ? { description } : {}) });
export const nullableDateTime = (description?: string): SchemaObject => ({ ...dateTime(description), nullable: true });
export const sha256 = (description?: string): SchemaObject => ({ type: 'string', pattern: '^[0-9a-f]{64}$', ...(description ? { description } : {}) });
export const oneOf = <T extends string>(values: readonly T[], description?: string): SchemaObject => ({
  type: 'string',
  enum: [...values],
  ...(description ? { description } : {}),
});
export const listOf = (items: Schema, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
/** A reference that may be null: OpenAPI 3.0 ignores siblings of a bare $ref, so it is wrapped in allOf. */
export const nullableRef = (name: string, description?: string): SchemaObject => ({
  allOf: [ref(name)],
  nullable: true,
  ...(description ? { description } : {}),
});
