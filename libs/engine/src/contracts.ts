/**
 * The only module the API and the worker share about Temporal: workflow names and I/O types, signals,
 * queries and search-attribute keys. Safe to import from workflow code (no Node, no I/O).
 */
import { defineSearchAttributeKey, SearchAttributeType, type QueryDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, type Sinks } from '@temporalio/workflow';
import type { Dag, PatchStatus, RunDagState, RunEvent, RunStatus } from '@steadfast/domain';
import * as wire from '@steadfast/sdk/temporal';
import type { RunEventsPage as WireRunEventsPage } from '@steadfast/sdk/temporal';

/** The SDK's query, read with a result type that must be assignable to the SDK's (checked at compile time). */
const refineQuery =
  <Ret>() =>
  <Wire, Args extends unknown[], Name extends string>(definition: QueryDefinition<Wire, Args, Name> & (Ret extends Wire ? unknown : never)) =>
    definition as unknown as QueryDefinition<Ret, Args, Name>;

export const RUN_WORKFLOW_TYPE = 'runWorkflow';
export const PURGE_IDEMPOTENCY_WORKFLOW_TYPE = 'purgeIdempotencyKeysWorkflow';
export const IDEMPOTENCY_PURGE_SCHEDULE_ID = 'steadfast-idempotency-purge';
export const BASELINE_WORKFLOW_TYPE = 'baselineWorkflow';
export const BASELINE_APPROVAL_WORKFLOW_TYPE = 'baselineApprovalWorkflow';
export const BASELINE_CHAIN_WORKFLOW_TYPE = 'baselineChainWorkflow';

export interface RunWorkflowInput {
  runId: string;
  /** The run's tenant; absent in histories recorded before tenants existed (then the default tenant). */
  tenant?: string;
  name: string;
  dag: Dag;
  input: unknown;
  tags: string[];
  /** Events the API recorded before the workflow began (a queued run's `queued` status); the journal numbers its own after them. */
  eventsBefore?: number;
}

export interface RunWorkflowResult {
  status: RunStatus;
  output: unknown;
  error: string | null;
}

export type RunEventsPage = WireRunEventsPage<RunEvent>;

/**
 * The signals and queries other services send: their names and payload types have one home, the SDK's
 * Temporal module (`@steadfast/sdk/temporal`). The queries are re-typed here with the domain's precise
 * results; `refineQuery` only compiles while those results still satisfy the SDK's types.
 */
export { approvalDecisionSignal, applyPatchSignal, type ApprovalDecisionSignal, type ApplyPatchSignal } from '@steadfast/sdk/temporal';

/** Events with seq greater than the argument, from the workflow's bounded buffer. */
export const eventsQuery = refineQuery<RunEventsPage>()(wire.eventsQuery);

/** The graph the run executes now (revision = patches applied so far) and each node's state. */
export const definitionQuery = refineQuery<RunDagState>()(wire.definitionQuery);

/** A batch of text an agent node streamed from its model; the workflow appends it as a `log` event. */
export interface AgentLogSignal {
  node_id: string;
  message: string;
}

/** Sent by the agent activity to its own run's workflow, which owns event seqs. */
export const agentLogSignal = defineSignal<[AgentLogSignal]>('agentLog');

export interface PatchOutcome {
  patch_id: string;
  status: Exclude<PatchStatus, 'pending'>;
  revision: number | null;
  reason: string | null;
}

/** What became of a patch this run received; null while it has not been seen. */
export const patchOutcomeQuery = defineQuery<PatchOutcome | null, [string]>('patchOutcome');

/**
 * Out of the workflow, not into its history: the journal reports each run that appended events in an
 * activation, and the worker tells the API processes (Postgres NOTIFY), whose stream feeds then query at
 * once. Never called during replay.
 */
export interface RunSinks extends Sinks {
  runEvents: {
    /** `final`: this batch ends the run, and `ended` follows once it is in Postgres. */
    appended(runId: string, final: boolean): void;
    /** The run's log is in Postgres to its `final` event; the workflow is about to close. */
    ended(runId: string): void;
  };
}

/** The benchmark's bare approval: the signal that stands for a human's decision. */
export const baselineGoSignal = defineSignal('baselineGo');

export const SEARCH_ATTRIBUTES = {
  status: defineSearchAttributeKey('SteadfastRunStatus', SearchAttributeType.KEYWORD),
  name: defineSearchAttributeKey('SteadfastRunName', SearchAttributeType.KEYWORD),
  tags: defineSearchAttributeKey('SteadfastRunTags', SearchAttributeType.KEYWORD_LIST),
  /** Set at start and never changed, so the Temporal UI can filter runs by tenant. */
  tenant: defineSearchAttributeKey('SteadfastTenant', SearchAttributeType.KEYWORD),
} as const;
