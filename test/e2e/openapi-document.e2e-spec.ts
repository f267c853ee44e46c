import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from '../support/harness';

interface Schema {
  $ref?: string;
  type?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
}
interface Response {
  description: string;
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, unknown>;
}
interface Parameter {
  name: string;
  in: string;
  schema: Schema;
}
interface Operation {
  'x-required-scope'?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, Response>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ERROR_REF = '#/components/schemas/ErrorBodyDto';
/** Its one query parameter is read as a plain string and checked by hand: a bad one is a 400, never a 422. */
const WITHOUT_QUERY_DTO = new Set(['GET /api/runs/{id}/logs/stream']);

describe('the OpenAPI document', () => {
  // Authentication on, as in production: the document must not depend on it, and a live 401 is checked against it.
  const ctx = useSuite({ AUTH_DISABLED: 'false' });
  let doc: Document;
  const operations = (): [string, Operation][] =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]));
  const apiOperations = () => operations().filter(([route]) => route.split(' ')[1].startsWith('/api/'));
  const missing = (statuses: string[], pick: (route: string, op: Operation) => boolean = () => true) =>
    apiOperations()
      .filter(([route, op]) => pick(route, op))
      .flatMap(([route, op]) => statuses.filter((status) => !op.responses[status]).map((status) => `${route} ${status}`));

  beforeAll(async () => {
    const res = await fetch(`${ctx.base}/docs/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
  });

  it('is the document committed as docs/openapi.json, which the clients are generated from', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8')) as Document;
    // A failure here means a controller or DTO changed the contract: run `npm run openapi` and commit what it writes.
    expect(doc).toEqual(committed);
  });

  it('documents what every route under /api/ can fail with', () => {
    expect(apiOperations().length).toBeGreaterThan(25);
    expect(missing(['400', '401', '403', '429', '500', '503'])).toEqual([]);
    expect(
      missing(['422'], (route, op) => !WITHOUT_QUERY_DTO.has(route) && (op.requestBody !== undefined || (op.parameters ?? []).some((p) => p.in === 'query'))),
    ).toEqual([]);
    expect(missing(['413', '415'], (route) => route.startsWith('POST '))).toEqual([]);
    expect(missing(['404', '414'], (route) => route.includes('{'))).toEqual([]);
    expect(missing(['409'], (route) => /\/(start|cancel|patches|decide)$/.test(route) && route.startsWith('POST '))).toEqual([]);
  });

  it('names the scope each route under /api/ needs, the one a 403 asks for', () => {
    const scopes = Object.fromEntries(apiOperations().map(([route, op]) => [route, op['x-required-scope']]));
    expect(
      Object.entries(scopes).filter(([, scope]) => !['runs:read', 'runs:write', 'approvals:decide', 'workflows:write', 'admin'].includes(scope ?? '')),
    ).toEqual([]);
    expect(scopes).toMatchObject({
      'GET /api/runs': 'runs:read',
      'POST /api/runs/{id}/cancel': 'runs:write',
      'POST /api/approvals/{id}/decide': 'approvals:decide',
      'POST /api/workflows': 'workflows:write',
      'DELETE /api/keys/{id}': 'admin',
    });
  });

  it('gives every error the one error envelope and says when it happens', () => {
    const wrong = operations().flatMap(([route, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400 && route !== 'GET /ready' && route !== 'GET /readyz')
        .filter(([, response]) => response.content?.['application/json']?.schema?.$ref !== ERROR_REF || !/^When .+\.$/.test(response.description))
        .map(([status]) => `${route} ${status}`),
    );
    expect(wrong).toEqual([]);
    const envelope = doc.components.schemas.ErrorBodyDto;
    expect(envelope.required).toEqual(['error']);
    expect(Object.keys(envelope.properties ?? {})).toEqual(['error', 'details', 'retryAfter', 'layer', 'errorId']);
    const [, runs] = apiOperations().find(([route]) => route === 'GET /api/runs')!;
    expect(Object.keys(runs.responses['429'].headers ?? {})).toEqual(['Retry-After']);
    expect(Object.keys(runs.responses['401'].headers ?? {})).toEqual(['WWW-Authenticate']);
  });

  it('keeps the open routes free of key and rate-limit errors', () => {
    for (const path of ['/health', '/healthz', '/ready', '/readyz']) {
      const statuses = Object.keys(doc.paths[path].get.responses);
      expect({ path, statuses: statuses.filter((s) => ['401', '403', '429'].includes(s)) }).toEqual({ path, statuses: [] });
    }
    expect(doc.paths['/ready'].get.responses['503'].content?.['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReadyResponseDto' });
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('documents a success for every operation, with a schema wherever it has a body', () => {
    const withoutSuccess = operations()
      .filter(([, op]) => !Object.keys(op.responses).some((status) => status.startsWith('2')))
      .map(([route]) => route);
    expect(withoutSuccess).toEqual([]);
    const withoutSchema = operations().flatMap(([route, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) =>
          Object.entries(response.content ?? {})
            .filter(([, media]) => media.schema === undefined)
            .map(([type]) => `${route} ${status} ${type}`),
        ),
    );
    expect(withoutSchema).toEqual([]);
    expect(Object.keys(doc.paths['/api/runs'].post.responses).filter((s) => s.startsWith('2'))).toEqual(['200', '201']);
    expect(Object.keys(doc.paths['/api/runs/{id}/logs/stream'].get.responses).filter((s) => s.startsWith('2'))).toEqual(['200', '204']);
  });

  it('gives every query parameter the bounds the server enforces', () => {
    const query = (route: string) =>
      Object.fromEntries((apiOperations().find(([r]) => r === route)?.[1].parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
    const page = { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, cursor: { type: 'string', maxLength: 200 } };
    for (const route of ['GET /api/runs', 'GET /api/workflows', 'GET /api/agents', 'GET /api/approvals', 'GET /api/keys']) {
      expect({ route, ...query(route) }).toMatchObject({ route, ...page });
    }
    expect(query('GET /api/runs')).toMatchObject({
      status: { enum: expect.arrayContaining(['running', 'completed']) },
      tag: { type: 'string', maxLength: 64 },
    });
    expect(query('GET /api/runs/{id}/events')).toMatchObject({
      after: { type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0 },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    });
    expect(query('GET /api/approvals')).toMatchObject({ status: { enum: expect.arrayContaining(['pending']) }, run_id: { type: 'string', maxLength: 64 } });
    expect(query('GET /api/keys').tenant.pattern).toEqual(expect.any(String));
    expect(query('GET /api/runs/{id}/logs/stream').lastEventId.pattern).toBe('^\\d{1,9}$');
    // A stream token is accepted by the two routes an EventSource reads, and documented on exactly those.
    const withToken = apiOperations()
      .filter(([route]) => query(route).token !== undefined)
      .map(([route]) => route);
    expect(withToken).toEqual(['GET /api/runs/{id}/events', 'GET /api/runs/{id}/logs/stream']);
    expect(query('GET /api/runs/{id}/events').token).toEqual(query('GET /api/runs/{id}/logs/stream').token);
    expect(query('GET /api/runs/{id}/events').token.pattern).toEqual(expect.any(String));
    const idempotencyKey = doc.paths['/api/runs'].post.parameters?.find((p) => p.name === 'Idempotency-Key');
    expect(idempotencyKey).toMatchObject({ in: 'header', schema: { minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' } });
  });

  it('gives body fields the bounds their validators enforce', () => {
    const fields = (dto: string) => doc.components.schemas[dto].properties ?? {};
    expect(fields('CreateRunDto')).toMatchObject({ name: { minLength: 1, maxLength: 128 }, tags: { maxItems: 16, items: { type: 'string', maxLength: 64 } } });
    expect(fields('CreateAgentDto')).toMatchObject({ max_steps: { type: 'integer', minimum: 1 }, max_output_corrections: { type: 'integer', minimum: 0 } });
    expect(fields('CreateApiKeyDto')).toMatchObject({
      scopes: { minItems: 1, uniqueItems: true },
      roles: { maxItems: 16, items: { pattern: expect.any(String) } },
    });
  });

  it('describes the error bodies the server really sends', async () => {
    const res = await fetch(`${ctx.base}/api/runs?limit=0`);
    expect(res.status).toBe(401);
    expect(doc.paths['/api/runs'].get.responses['401']).toBeDefined();
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).filter((key) => !(key in (doc.components.schemas.ErrorBodyDto.properties ?? {})))).toEqual([]);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});
