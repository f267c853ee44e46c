import { foldNodeStates, type Dag, type RunEvent } from '@steadfast/domain';
import { AgentEntity, ApiKeyEntity, ApprovalEntity, PatchEntity, RunEntity, WorkflowDefinitionEntity } from '@steadfast/persistence';
import { presentAgent } from '../apps/api/src/agents/agent.presenter';
import { presentApproval } from '../apps/api/src/approvals/approval.presenter';
import { presentDefinition } from '../apps/api/src/definitions/definition.presenter';
import { presentApiKey } from '../apps/api/src/keys/api-key.presenter';
import { presentPatch } from '../apps/api/src/patches/patch.presenter';
import { presentRun } from '../apps/api/src/runs/run.presenter';
import { OpenApiContract } from './support/openapi-contract';

/*
 * Each presenter's answer, for a row with every optional column empty and for one with all of them
 * set, against its schema in docs/openapi.json (objects closed): the two descriptions of a resource
 * cannot drift apart without this failing, before any e2e suite runs.
 */
const contract = OpenApiContract.committed();
const at = new Date('2026-12-01T10:00:00.000Z');
const sha = 'a'.repeat(64);
const temporal = { uiUrl: 'http://localhost:8233', namespace: 'default' };
const dag: Dag = {
  nodes: [
    { id: 'a', type: 'echo', config: {}, depends_on: [] },
    {
      id: 'b',
      type: 'http',
      config: { url: 'http://x' },
      depends_on: ['a'],
      when: 'yes',
      retry: { max_attempts: 2 },
      timeout_ms: 5,
      on_error: { handler: 'a' },
    },
  ],
  timeout_ms: 1000,
};
const row = <T extends object>(cls: new () => T, fields: Partial<T>): T => Object.assign(new cls(), fields);

const runRow = (full: boolean) =>
  row(RunEntity, {
    id: 'run-01',
    tenant: 'default',
    name: 'n',
    status: full ? 'completed' : 'created',
    input: full ? { q: 1 } : null,
    output: full ? [1, 'two'] : null,
    error: full ? 'boom' : null,
    tags: full ? ['t'] : [],
    clientToken: full ? 'token-123' : null,
    workflowName: full ? 'w' : null,
    workflowVersion: full ? 2 : null,
    workflowSha256: full ? sha : null,
    temporalRunId: full ? 'r-1' : null,
    createdAt: at,
    updatedAt: at,
    startedAt: full ? at : null,
    completedAt: full ? at : null,
    canceledAt: full ? at : null,
    usage: full ? { prompt_tokens: 3, cached_tokens: 0, completion_tokens: 2, total_tokens: 5 } : null,
  });

const cases: [string, string, (full: boolean) => unknown][] = [
  ['Run', 'presentRun', (full) => presentRun(runRow(full), temporal)],
  [
    'Approval',
    'presentApproval',
    (full) =>
      presentApproval(
        row(ApprovalEntity, {
          id: 'ap-1',
          runId: 'run-01',
          nodeId: 'a',
          title: 't',
          details: full ? 'd' : null,
          approvers: full ? ['role:ops'] : [],
          status: full ? 'approved' : 'pending',
          onTimeout: 'reject',
          expiresAt: at,
          decidedBy: full ? 'u' : null,
          comment: full ? 'ok' : null,
          decidedAt: full ? at : null,
          createdAt: at,
        }),
      ),
  ],
  [
    'ApiKey',
    'presentApiKey',
    (full) =>
      presentApiKey(
        row(ApiKeyEntity, {
          id: 'k',
          tenant: 't',
          name: 'n',
          prefix: 'sk_1',
          scopes: ['runs:read'],
          user: full ? 'u' : null,
          roles: full ? ['ops'] : [],
          createdAt: at,
          revokedAt: full ? at : null,
          lastUsedAt: full ? at : null,
        }),
      ),
  ],
  [
    'Patch',
    'presentPatch',
    (full) =>
      presentPatch(
        row(PatchEntity, {
          id: 'p',
          runId: 'run-01',
          source: full ? 'agent' : 'api',
          nodeId: full ? 'a' : null,
          operations: [{ op: 'remove', path: '/nodes/1' }],
          reason: full ? 'r' : null,
          status: full ? 'applied' : 'pending',
          rejectedReason: full ? 'no' : null,
          baseRevision: full ? 0 : null,
          revision: full ? 1 : null,
          resultSha256: full ? sha : null,
          createdAt: at,
          decidedAt: full ? at : null,
        }),
      ),
  ],
  [
    'Workflow',
    'presentDefinition',
    (full) =>
      presentDefinition(
        row(WorkflowDefinitionEntity, {
          name: 'w',
          version: 1,
          sha256: sha,
          description: full ? 'd' : null,
          definition: full ? dag : { nodes: [] },
          inputSchema: full ? { type: 'object' } : null,
          createdAt: at,
        }),
      ),
  ],
  [
    'Agent',
    'presentAgent',
    (full) =>
      presentAgent(
        row(AgentEntity, {
          name: 'a',
          version: 1,
          sha256: sha,
          description: null,
          settings: full
            ? {
                model: 'm',
                system_prompt: 's',
                tools: ['finish'],
                temperature: 0.5,
                max_steps: 3,
                output_schema: { type: 'object' },
                max_output_corrections: 1,
              }
            : {},
          createdAt: at,
        }),
      ),
  ],
];

describe('the resource schemas of the OpenAPI document', () => {
  it.each(cases.flatMap(([name, presenter, make]) => [true, false].map((full) => [name, presenter, full, make] as const)))(
    '%s describes what %s sends (every optional field set: %s)',
    (name, _presenter, full, make) => {
      expect(contract.componentProblems(name, make(full))).toEqual([]);
    },
  );

  it('describes the node states folded from a run log, and every event in it', () => {
    const events: RunEvent[] = [
      { seq: 1, run_id: 'run-01', timestamp: at.toISOString(), type: 'node_started', node_id: 'a', node_type: 'echo', attempt: 1 },
      {
        seq: 2,
        run_id: 'run-01',
        timestamp: at.toISOString(),
        type: 'node_completed',
        node_id: 'a',
        node_type: 'echo',
        output: { $ref: { sha256: sha, size_bytes: 9 } },
      },
      { seq: 3, run_id: 'run-01', timestamp: at.toISOString(), type: 'node_skipped', node_id: 'b', node_type: 'http', reason: 'branch not taken' },
      { seq: 4, run_id: 'run-01', timestamp: at.toISOString(), type: 'final', status: 'completed', output: null, error: null },
    ];
    for (const event of events) expect(contract.componentProblems('RunEvent', event)).toEqual([]);
    for (const state of foldNodeStates(dag, events)) expect(contract.componentProblems('NodeState', state)).toEqual([]);
    expect(contract.componentProblems('RunEvent', { ...events[3], extra: 1 })).not.toEqual([]);
  });
});
