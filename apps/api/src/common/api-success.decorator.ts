import { ApiResponse, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import type { ResourceName } from '../openapi/resources/resource-schemas';
import { ref } from '../openapi/schema-parts';

/** A resource as its presenter shapes it, by its component name. */
export const one = (name: ResourceName): ReferenceObject => ref(name);
export const many = (name: ResourceName): SchemaObject => ({ type: 'array', items: ref(name) });
export const NEXT_CURSOR: SchemaObject = { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' };

/**
 * A success answer: `{"success": true, ...fields}`, every field always present. Declaring the 2xx is
 * required as soon as a route declares its errors, or the document would show no success at all.
 */
export function ApiSuccess(status: number, description: string, fields: Record<string, SchemaObject | ReferenceObject>): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['success', ...Object.keys(fields)],
          properties: { success: { type: 'boolean', enum: [true] }, ...fields },
        },
      },
    },
  });
}
