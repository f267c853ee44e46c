import type { NodeState, OutputRefTarget, RunEvent, RunStatus } from '@steadfast/domain';
import type { AgentJson } from '../../apps/api/src/agents/agent.presenter';
import type { ApprovalJson } from '../../apps/api/src/approvals/approval.presenter';
import type { HealthResponseDto } from '../../apps/api/src/health/dto/health-response.dto';
import type { ApiKeyJson } from '../../apps/api/src/keys/api-key.presenter';
import type { DefinitionJson } from '../../apps/api/src/patches/run-definition.reader';
import type { PatchJson } from '../../apps/api/src/patches/patch.presenter';
import type { RunJson } from '../../apps/api/src/runs/run.presenter';
import type { WorkflowDefinitionJson } from '../../apps/api/src/definitions/definition.presenter';

export type { AgentJson, ApiKeyJson, ApprovalJson, DefinitionJson, NodeState, PatchJson, RunEvent, RunJson, WorkflowDefinitionJson };

/**
 * A run event as a log is read without narrowing each one on its type: the fields several event types
 * carry may be read on any of them (absent where the type has none).
 */
export type EventJson = RunEvent &
  Partial<{
    node_id: string;
    node_type: string;
    status: RunStatus;
    label: string;
    output: unknown;
    attempts: number;
    error: string | null;
    reason: string | null;
    approval_id: string;
  }>;

/** The unnumbered frame a run's stream opens with, before its events. */
export interface ConnectedFrame {
  type: 'connected';
  run_id: string;
  status: RunStatus;
  resume_after: number;
  timestamp: string;
  seq?: undefined;
  node_id?: undefined;
}

/**
 * The fields of the API's JSON answers, each typed as the API's presenters type it. One answer carries
 * only its endpoint's fields (and an error answer only `error`, `details` and the like): a test reads
 * the ones its call returns, after checking the status.
 */
export interface ApiBody {
  success: boolean;
  run: RunJson;
  runs: RunJson[];
  idempotent: boolean;
  next_cursor: string | null;
  nodes: NodeState[];
  output: unknown;
  output_ref: OutputRefTarget | null;
  events: EventJson[];
  next_after: number;
  done: boolean;
  approval: ApprovalJson;
  approvals: ApprovalJson[];
  patch: PatchJson;
  patches: PatchJson[];
  definition: DefinitionJson;
  workflow: WorkflowDefinitionJson;
  workflows: WorkflowDefinitionJson[];
  agent: AgentJson;
  agents: AgentJson[];
  /** POST /api/keys answers the secret, once. */
  key: ApiKeyJson & { secret?: string };
  keys: ApiKeyJson[];
  /** POST /api/runs/:id/stream-token. */
  token: string;
  expires_at: string;
  /** GET /health and /ready. */
  ok: boolean;
  ready: boolean;
  version: string;
  config: HealthResponseDto['config'];
  backlog: HealthResponseDto['backlog'];
  checks: Record<string, { ok: boolean; error?: string }>;
  error: string;
  details: string[];
  retryAfter: number;
}

/** The parts of the OpenAPI document (GET /docs/openapi.json) the tests read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
}
