import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The API's OpenAPI document, built from the controllers' decorators: one definition for the served copy and the committed one. */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Steadfast API')
      .setDescription('Durable workflow engine for AI-agent runs, built on Temporal')
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: sk_<8 hex>_<43 characters>' })
      .build(),
  );
}
