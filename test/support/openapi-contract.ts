import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/*
 * Checks an answer of the API against the committed OpenAPI document (which the e2e suite proves equal
 * to the served one): its status must be documented for the operation, and a JSON body must match the
 * documented schema with every object closed. The document leaves objects open so that clients tolerate
 * new fields; closing them here is what stops a new field from going undocumented.
 */

type Json = Record<string, unknown>;
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const DOCUMENT_PATH = join(__dirname, '..', '..', 'docs', 'openapi.json');
const ROOT_ID = 'openapi';

/** OpenAPI 3.0 dialect -> JSON Schema draft-07, with objects closed and references pointed at the document. */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'discriminator' || key === 'example') continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\//, `${ROOT_ID}#/`);
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, strictSchema(sub)]));
    else out[key] = strictSchema(value);
  }
  if (source.properties !== undefined && source.additionalProperties === undefined) out.additionalProperties = false;
  return source.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

interface Route {
  template: string;
  pattern: RegExp;
  literalSegments: number;
}

export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: ROOT_ID, components: { schemas: strictSchema(document.components.schemas) } });
    this.routes = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}$`),
      literalSegments: template.split('/').filter((segment) => !segment.startsWith('{')).length,
    }));
  }

  static committed(): OpenApiContract {
    return new OpenApiContract(JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8')) as Document);
  }

  /** The documented operation a request reaches, preferring literal segments over parameters (as the router does). */
  operation(method: string, pathname: string): { template: string; operation: Operation } | undefined {
    const matches = this.routes.filter((route) => route.pattern.test(pathname) && this.document.paths[route.template][method.toLowerCase()]);
    const best = matches.sort((a, b) => b.literalSegments - a.literalSegments)[0];
    return best ? { template: best.template, operation: this.document.paths[best.template][method.toLowerCase()] } : undefined;
  }

  /** What is wrong with an answer, by the document; empty when it is documented (or reached no documented operation). */
  problems(method: string, url: string, status: number, contentType: string | null, body: unknown): string[] {
    const found = this.operation(method, new URL(url).pathname);
    if (!found) return [];
    const where = `${method.toUpperCase()} ${found.template} -> ${status}`;
    const response = found.operation.responses[String(status)];
    if (!response) return [`${where}: the status is not documented (documented: ${Object.keys(found.operation.responses).join(', ')})`];
    if (!contentType?.startsWith('application/json')) return [];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [`${where}: a JSON body is sent but none is documented`];
    const validate = this.validator(where, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => {
      const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
      return `${where}: body${error.instancePath} ${error.message ?? 'is invalid'}${extra}`;
    });
  }

  /** What is wrong with one SSE frame: the first is StreamConnected, every other a RunEvent. */
  frameProblems(frame: unknown): string[] {
    return this.componentProblems((frame as { type?: unknown } | null)?.type === 'connected' ? 'StreamConnected' : 'RunEvent', frame);
  }

  /** What is wrong with a value as one of the document's components. */
  componentProblems(name: string, value: unknown): string[] {
    const validate = this.validator(name, { $ref: `#/components/schemas/${name}` });
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => {
      const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params.additionalProperty)}"` : '';
      return `${name}${error.instancePath} ${error.message ?? 'is invalid'}${extra}`;
    });
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(strictSchema(schema) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

let shared: OpenApiContract | undefined;
const contract = () => (shared ??= OpenApiContract.committed());

function fail(problems: string[], body: unknown): void {
  if (problems.length === 0) return;
  throw new Error(
    `The answer breaks the OpenAPI document (docs/openapi.json):\n  ${problems.slice(0, 10).join('\n  ')}\nbody: ${JSON.stringify(body)?.slice(0, 800)}`,
  );
}

/** Throws when an answer breaks the document, so the test that received it fails and says why. */
export function assertDocumented(method: string, url: string, status: number, contentType: string | null, body: unknown): void {
  fail(contract().problems(method, url, status, contentType, body), body);
}

export function assertDocumentedFrame(frame: unknown): void {
  fail(contract().frameProblems(frame), frame);
}
