/**
 * The SDK's resource types, derived from the operations in the generated OpenAPI types so they tighten
 * by themselves when the document names its schemas. Where the document still leaves a resource as a
 * free-form object, the few fields the SDK and CLI read are narrowed here, in this one file.
 */
import type { components, paths } from './generated/openapi';

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON an operation answers with at a status code. */
export type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  Operation<P, M> extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { 'application/json': infer B } }
        ? B
        : never
      : never
    : never;

/** The JSON body an operation accepts. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters an operation accepts. */
export type QueryParams<P extends keyof paths, M extends keyof paths[P]> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/**
 * While the document types a resource as `{ [key: string]: unknown }`, it is read through the local
 * fields; once the document names the resource's fields, the generated type alone is used.
 */
type Narrowed<Generated, Local> = string extends keyof Generated ? Omit<Generated, keyof Local> & Local : Generated;

export type ErrorBody = components['schemas']['ErrorBodyDto'];

export type RunStatus = NonNullable<QueryParams<'/api/runs', 'get'>['status']>;
export type ApprovalStatus = NonNullable<QueryParams<'/api/approvals', 'get'>['status']>;

/** The statuses a run does not leave; the same list as TERMINAL_RUN_STATUSES in libs/domain (a unit test keeps them equal). */
export const TERMINAL_RUN_STATUSES = ['completed', 'failed', 'canceled', 'timed_out'] as const satisfies readonly RunStatus[];
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];
export const isTerminalRunStatus = (status: string): status is TerminalRunStatus => (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);

// Replace each *Fields interface below with nothing once docs/openapi.json names the resource's schema.
export interface RunFields {
  id: string;
  name: string;
  status: RunStatus;
  output: unknown;
  error: string | null;
  tags: string[];
  created_at: string;
}
export interface RunEventFields {
  seq: number;
  type: string;
  run_id: string;
  timestamp: string;
  node_id?: string;
  node_type?: string;
  status?: RunStatus;
  error?: string | null;
  output?: unknown;
}
export interface NodeStateFields {
  id: string;
  type: string;
  status: string;
  attempts: number | null;
  error: string | null;
}
export interface ApprovalFields {
  id: string;
  run_id: string;
  node_id: string;
  title: string;
  status: ApprovalStatus;
  decided_by: string | null;
  expires_at: string;
}
export interface VersionedFields {
  name: string;
  version: number;
  created_at: string;
}
export interface ApiKeyFields {
  id: string;
  tenant: string;
  name: string;
  prefix: string;
  scopes: string[];
  revoked_at: string | null;
}
export interface PatchFields {
  id: string;
  status: string;
}
export interface RunDefinitionFields {
  revision: number;
  sha256: string;
}

export type Run = Narrowed<Json<'/api/runs/{id}', 'get', 200>['run'], RunFields>;
export type RunEvent = Narrowed<Json<'/api/runs/{id}/events', 'get', 200>['events'][number], RunEventFields>;
export type NodeState = Narrowed<Json<'/api/runs/{id}/nodes', 'get', 200>['nodes'][number], NodeStateFields>;
export type RunDefinition = Narrowed<Json<'/api/runs/{id}/definition', 'get', 200>['definition'], RunDefinitionFields>;
export type Patch = Narrowed<Json<'/api/runs/{id}/patches', 'post', 202>['patch'], PatchFields>;
export type Approval = Narrowed<Json<'/api/approvals/{id}', 'get', 200>['approval'], ApprovalFields>;
export type Workflow = Narrowed<Json<'/api/workflows/{name}', 'get', 200>['workflow'], VersionedFields>;
export type Agent = Narrowed<Json<'/api/agents/{name}', 'get', 200>['agent'], VersionedFields>;
export type ApiKey = Narrowed<Json<'/api/keys', 'get', 200>['keys'][number], ApiKeyFields>;
/** A key as created: the only time its secret is shown. */
export type CreatedApiKey = ApiKey & Narrowed<Json<'/api/keys', 'post', 201>['key'], { secret: string }>;

/** The unnumbered frame a run's stream opens with, before its events. */
export interface ConnectedFrame {
  type: 'connected';
  run_id: string;
  status: RunStatus;
  resume_after: number;
  timestamp: string;
}

export type CreateRunBody = RequestBody<'/api/runs', 'post'>;
export type ListRunsFilter = Omit<QueryParams<'/api/runs', 'get'>, 'cursor'>;
export type ListApprovalsFilter = Omit<QueryParams<'/api/approvals', 'get'>, 'cursor'>;
export type ListKeysFilter = Omit<QueryParams<'/api/keys', 'get'>, 'cursor'>;
export type DecideApprovalBody = RequestBody<'/api/approvals/{id}/decide', 'post'>;
export type CreateWorkflowBody = RequestBody<'/api/workflows', 'post'>;
export type CreateAgentBody = RequestBody<'/api/agents', 'post'>;
export type CreateApiKeyBody = RequestBody<'/api/keys', 'post'>;
export type ProposePatchBody = RequestBody<'/api/runs/{id}/patches', 'post'>;
