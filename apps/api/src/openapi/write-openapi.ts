import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@steadfast/config';
import { createDataSource } from '@steadfast/persistence';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi-document';
import { stableDocumentText } from './stable-document-text';

/**
 * Writes docs/openapi.json without a database or Temporal: Nest's preview mode builds the module graph
 * and the routes' metadata but instantiates no provider, so nothing connects.
 */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..', '..', '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview', npm_package_version: version });
  const app = await NestFactory.create(AppModule.forRoot(config, createDataSource(config.database.url!)), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const out = process.argv[2] ?? join(root, 'docs', 'openapi.json');
  writeFileSync(out, stableDocumentText(buildOpenApiDocument(app, version)));
  await app.close();
  process.stdout.write(`wrote ${out}\n`);
}

void main();
