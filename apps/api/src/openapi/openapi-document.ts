import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { documentParamLength } from './document-param-length';
import { RESOURCE_SCHEMAS } from './resources/resource-schemas';

/** The API's OpenAPI document, built from the controllers' decorators: one definition for the served copy and the committed one. */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Steadfast API')
      .setDescription('Durable workflow engine for AI-agent runs, built on Temporal')
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: sk_<8 hex>_<43 characters>' })
      .build(),
  );
  // The resources are plain schemas (routes refer to them by name), not classes Nest could discover.
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...RESOURCE_SCHEMAS } };
  documentParamLength(document);
  return document;
}
