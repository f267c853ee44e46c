/**
 * The SDK's resource types, derived from the operations in the generated OpenAPI types (never copied),
 * so they follow the document whenever `npm run openapi` regenerates it.
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

export type ErrorBody = components['schemas']['ErrorBodyDto'];

export type RunStatus = NonNullable<QueryParams<'/api/runs', 'get'>['status']>;
export type ApprovalStatus = NonNullable<QueryParams<'/api/approvals', 'get'>['status']>;

/** The statuses a run does not leave; the same list as TERMINAL_RUN_STATUSES in libs/domain (a unit test keeps them equal). */
export const TERMINAL_RUN_STATUSES = ['completed', 'failed', 'canceled', 'timed_out'] as const satisfies readonly RunStatus[];
export type TerminalRunStatus = (typeof TERMINAL_RUN_STATUSES)[number];
export const isTerminalRunStatus = (status: string): status is TerminalRunStatus => (TERMINAL_RUN_STATUSES as readonly string[]).includes(status);

export type Run = Json<'/api/runs/{id}', 'get', 200>['run'];
/** One event of a run's log: a union discriminated by `type`. */
export type RunEvent = Json<'/api/runs/{id}/events', 'get', 200>['events'][number];
export type NodeState = Json<'/api/runs/{id}/nodes', 'get', 200>['nodes'][number];
export type RunDefinition = Json<'/api/runs/{id}/definition', 'get', 200>['definition'];
export type Patch = Json<'/api/runs/{id}/patches', 'post', 202>['patch'];
export type Approval = Json<'/api/approvals/{id}', 'get', 200>['approval'];
export type Workflow = Json<'/api/workflows/{name}', 'get', 200>['workflow'];
export type Agent = Json<'/api/agents/{name}', 'get', 200>['agent'];
export type ApiKey = Json<'/api/keys', 'get', 200>['keys'][number];
/** A key as created: the only time its secret is shown. */
export type CreatedApiKey = Json<'/api/keys', 'post', 201>['key'];

/** The unnumbered frame a run's stream opens with, before its events. */
export type ConnectedFrame = components['schemas']['StreamConnected'];
/** A short-lived token for one run's stream, accepted as `?token=` where EventSource cannot send a key. */
export type StreamToken = Json<'/api/runs/{id}/stream-token', 'post', 201>;

export type CreateRunBody = RequestBody<'/api/runs', 'post'>;
export type StreamTokenBody = NonNullable<RequestBody<'/api/runs/{id}/stream-token', 'post'>>;
export type ListRunsFilter = Omit<QueryParams<'/api/runs', 'get'>, 'cursor'>;
export type ListApprovalsFilter = Omit<QueryParams<'/api/approvals', 'get'>, 'cursor'>;
export type ListKeysFilter = Omit<QueryParams<'/api/keys', 'get'>, 'cursor'>;
export type DecideApprovalBody = RequestBody<'/api/approvals/{id}/decide', 'post'>;
export type CreateWorkflowBody = RequestBody<'/api/workflows', 'post'>;
export type CreateAgentBody = RequestBody<'/api/agents', 'post'>;
export type CreateApiKeyBody = RequestBody<'/api/keys', 'post'>;
export type ProposePatchBody = RequestBody<'/api/runs/{id}/patches', 'post'>;
