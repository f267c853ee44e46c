import { ApiResponse, type SchemaObject } from '@nestjs/swagger';

/** A resource as its presenter shapes it; its own schema is not spelled out in the document yet. */
export const one = (noun: string): SchemaObject => ({ type: 'object', additionalProperties: true, description: noun });
export const many = (noun: string): SchemaObject => ({ type: 'array', items: one(noun) });
export const NEXT_CURSOR: SchemaObject = { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' };

/**
 * A success answer: `{"success": true, ...fields}`, every field always present. Declaring the 2xx is
 * required as soon as a route declares its errors, or the document would show no success at all.
 */
export function ApiSuccess(status: number, description: string, fields: Record<string, SchemaObject>): MethodDecorator & ClassDecorator {
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
