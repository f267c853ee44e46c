/* What the fuzz aims at: every route of the API, the ids its paths take, and a valid body for each route that takes one. */

/** Real ids the fuzz mixes with made-up ones, so requests reach past the 404s into the handlers. */
export interface FuzzIds {
  runs: string[];
  nodes: string[];
  approvals: string[];
  patches: string[];
  workflows: string[];
  agents: string[];
  keys: string[];
}

export type IdKind = keyof FuzzIds | 'version';
type BodyKind = 'run' | 'workflow' | 'agent' | 'patch' | 'decide' | 'key' | 'streamToken';

interface FuzzRoute {
  method: string;
  /** As the OpenAPI document writes it, `{id}` as `:id`. */
  template: string;
  params?: Record<string, IdKind>;
  query?: string[];
  body?: BodyKind;
}

const RUN = { id: 'runs' } as const;
const PAGE = ['limit', 'cursor'];

/** Every route of the API (the suite checks this list against the OpenAPI document). */
export const FUZZ_ROUTES: FuzzRoute[] = [
  { method: 'GET', template: '/health' },
  { method: 'GET', template: '/healthz' },
  { method: 'GET', template: '/ready' },
  { method: 'GET', template: '/readyz' },
  { method: 'GET', template: '/metrics' },
  { method: 'GET', template: '/docs/openapi.json' },
  { method: 'POST', template: '/api/runs', body: 'run' },
  { method: 'GET', template: '/api/runs', query: [...PAGE, 'status', 'tag'] },
  { method: 'GET', template: '/api/runs/:id', params: RUN },
  { method: 'POST', template: '/api/runs/:id/start', params: RUN },
  { method: 'POST', template: '/api/runs/:id/cancel', params: RUN },
  { method: 'GET', template: '/api/runs/:id/nodes', params: RUN },
  { method: 'GET', template: '/api/runs/:id/nodes/:nodeId/output', params: { id: 'runs', nodeId: 'nodes' } },
  { method: 'GET', template: '/api/runs/:id/events', params: RUN, query: ['after', 'limit', 'token'] },
  { method: 'GET', template: '/api/runs/:id/logs/stream', params: RUN, query: ['lastEventId', 'token'] },
  { method: 'POST', template: '/api/runs/:id/stream-token', params: RUN, body: 'streamToken' },
  { method: 'POST', template: '/api/runs/:id/patches', params: RUN, body: 'patch' },
  { method: 'GET', template: '/api/runs/:id/patches', params: RUN },
  { method: 'GET', template: '/api/runs/:id/patches/:patchId', params: { id: 'runs', patchId: 'patches' } },
  { method: 'GET', template: '/api/runs/:id/definition', params: RUN },
  { method: 'POST', template: '/api/workflows', body: 'workflow' },
  { method: 'GET', template: '/api/workflows', query: PAGE },
  { method: 'GET', template: '/api/workflows/:name', params: { name: 'workflows' } },
  { method: 'GET', template: '/api/workflows/:name/versions', params: { name: 'workflows' } },
  { method: 'GET', template: '/api/workflows/:name/versions/:version', params: { name: 'workflows', version: 'version' } },
  { method: 'POST', template: '/api/agents', body: 'agent' },
  { method: 'GET', template: '/api/agents', query: PAGE },
  { method: 'GET', template: '/api/agents/:name', params: { name: 'agents' } },
  { method: 'GET', template: '/api/agents/:name/versions', params: { name: 'agents' } },
  { method: 'GET', template: '/api/agents/:name/versions/:version', params: { name: 'agents', version: 'version' } },
  { method: 'GET', template: '/api/approvals', query: [...PAGE, 'status', 'run_id'] },
  { method: 'GET', template: '/api/approvals/:id', params: { id: 'approvals' } },
  { method: 'POST', template: '/api/approvals/:id/decide', params: { id: 'approvals' }, body: 'decide' },
  { method: 'POST', template: '/api/keys', body: 'key' },
  { method: 'GET', template: '/api/keys', query: [...PAGE, 'tenant'] },
  { method: 'DELETE', template: '/api/keys/:id', params: { id: 'keys' } },
];

/** Valid bodies per route: the mutations start from something the server would accept. */
export const VALID_BODIES: Record<BodyKind, unknown[]> = {
  run: [
    { name: 'fuzz', workflow: { nodes: [{ id: 'a', type: 'echo', config: { value: '{{ input.x }}' } }] }, input: { x: 1 }, tags: ['fuzz'] },
    { name: 'fuzz-start', workflow: 'fuzz-flow', input: { x: 'y' }, start: true, client_token: 'fuzz-token-1' },
    {
      name: 'fuzz-graph',
      workflow: {
        nodes: [
          { id: 'a', type: 'transform', config: { expression: '$' } },
          { id: 'b', type: 'delay', config: { duration: '10ms' }, depends_on: ['a'] },
          { id: 'c', type: 'http', config: { url: 'http://127.0.0.1:9/x', headers: { 'x-k': '{{ secrets.K }}' }, secret_headers: ['x-k'] }, depends_on: ['b'] },
        ],
        timeout: '1m',
      },
      input: 'text',
    },
  ],
  workflow: [
    { name: 'fuzz-flow', description: 'fuzzed', nodes: [{ id: 'a', type: 'echo', config: { value: 1 } }], timeout: '5m', input_schema: { type: 'object' } },
    {
      name: 'fuzz-edges',
      nodes: [
        { id: 'a', type: 'echo' },
        { id: 'b', type: 'echo' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    },
  ],
  agent: [
    {
      name: 'fuzz-agent',
      description: 'd',
      model: 'gpt-4o-mini',
      system_prompt: 'Be brief.',
      tools: ['finish', 'http_request'],
      temperature: 0.2,
      max_steps: 3,
    },
  ],
  patch: [
    { operations: [{ op: 'add', path: '/nodes/-', value: { id: 'p', type: 'echo', config: {}, depends_on: [] } }], reason: 'fuzz' },
    { operations: [{ op: 'replace', path: '/nodes/0/config', value: { value: 2 } }] },
  ],
  decide: [
    { decision: 'approve', decided_by: 'fuzzer', comment: 'ok' },
    { decision: 'reject', decided_by: 'fuzzer' },
  ],
  key: [{ name: 'fuzz key', tenant: 'fuzz', scopes: ['runs:read'], user: 'fuzzer', roles: ['ops'] }],
  streamToken: [{}, { ttl_seconds: 60 }],
};
