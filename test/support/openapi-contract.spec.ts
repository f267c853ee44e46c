import { OpenApiContract, strictSchema } from './openapi-contract';

const document = {
  paths: {
    '/api/runs/{id}': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: { type: 'object', required: ['run'], properties: { run: { $ref: '#/components/schemas/Run' } } },
              },
            },
          },
          '404': { content: { 'application/json': { schema: { type: 'object' } } } },
        },
      },
    },
    '/api/runs/{id}/start': { post: { responses: { '200': {} } } },
  },
  components: {
    schemas: {
      Run: {
        type: 'object',
        required: ['id', 'error'],
        properties: { id: { type: 'string' }, error: { type: 'string', nullable: true }, config: { type: 'object', additionalProperties: true } },
      },
      RunEvent: { oneOf: [{ type: 'object', required: ['type', 'seq'], properties: { type: { type: 'string', enum: ['final'] }, seq: { type: 'integer' } } }] },
      StreamConnected: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['connected'] } } },
    },
  },
};

describe('the OpenAPI contract check of e2e answers', () => {
  const contract = new OpenApiContract(document);
  const url = 'http://127.0.0.1:1/api/runs/run-1';
  const json = 'application/json; charset=utf-8';

  it('passes an answer the document describes, nulls and open objects included', () => {
    expect(contract.problems('GET', url, 200, json, { run: { id: 'run-1', error: null, config: { anything: 1 } } })).toEqual([]);
  });

  it('names a field the document does not have, even though the document leaves objects open', () => {
    expect(contract.problems('GET', url, 200, json, { run: { id: 'run-1', error: null, secret: 'x' } })).toEqual([
      'GET /api/runs/{id} -> 200: body/run must NOT have additional properties "secret"',
    ]);
  });

  it('names a missing field and a wrong type', () => {
    expect(contract.problems('GET', url, 200, json, { run: { id: 7 } })).toEqual([
      "GET /api/runs/{id} -> 200: body/run must have required property 'error'",
      'GET /api/runs/{id} -> 200: body/run/id must be string',
    ]);
  });

  it('names a status the operation does not document', () => {
    expect(contract.problems('GET', url, 409, json, {})).toEqual(['GET /api/runs/{id} -> 409: the status is not documented (documented: 200, 404)']);
  });

  it('prefers the literal route and leaves routes the document lacks alone', () => {
    expect(contract.operation('POST', '/api/runs/run-1/start')?.template).toBe('/api/runs/{id}/start');
    expect(contract.problems('DELETE', url, 404, json, {})).toEqual([]);
    expect(contract.problems('GET', 'http://127.0.0.1:1/nowhere', 404, json, {})).toEqual([]);
  });

  it('checks stream frames as the connected frame or run events', () => {
    expect(contract.frameProblems({ type: 'connected' })).toEqual([]);
    expect(contract.frameProblems({ type: 'final', seq: 3 })).toEqual([]);
    expect(contract.frameProblems({ type: 'final', seq: 'three' })).not.toEqual([]);
  });

  it('turns OpenAPI nullable into a JSON Schema null alternative', () => {
    expect(strictSchema({ type: 'string', nullable: true })).toEqual({ anyOf: [{ type: 'null' }, { type: 'string' }] });
  });
});
