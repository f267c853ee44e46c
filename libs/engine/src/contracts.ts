/**
 * The only module the API and the worker share about Temporal: workflow names and I/O types, signals,
 * queries and search-attribute keys. Safe to import from workflow code (no Node, no I/O).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, type Sinks } from '@temporalio/workflow';
import type { ApprovalVerdict, Dag, PatchSource, PatchStatus, RunDagState, RunEvent, RunStatus } from '@steadfast/domain';

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

export interface RunEventsPage {
  events: RunEvent[];
  status: RunStatus;
  /** Lowest seq still held by the workflow's buffer; older events are read from Postgres. */
  firstSeq: number;
  done: boolean;
}

/** Events with seq greater than the argument, from the workflow's bounded buffer. */
export const eventsQuery = defineQuery<RunEventsPage, [number]>('events');

/** A batch of text an agent node streamed from its model; the workflow appends it as a `log` event. */
export interface AgentLogSignal {
  node_id: string;
  message: string;
}

/** Sent by the agent activity to its own run's workflow, which owns event seqs. */
export const agentLogSignal = defineSignal<[AgentLogSignal]>('agentLog');

/**
 * A human's decision on one approval. The API stores the decision in Postgres first and then signals;
 * a signal sent straight through Temporal (`temporal workflow signal --name approvalDecision`) works
 * too. Either way Postgres arbitrates: the first decision recorded there is the one the run follows.
 */
export interface ApprovalDecisionSignal {
  approval_id: string;
  decision: ApprovalVerdict;
  decided_by?: string;
  comment?: string;
}

export const approvalDecisionSignal = defineSignal<[ApprovalDecisionSignal]>('approvalDecision');

/** A JSON Patch (RFC 6902) over the run's graph; the workflow validates it again before applying it. */
export interface ApplyPatchSignal {
  patch_id: string;
  operations: unknown[];
  reason?: string;
  source: PatchSource;
  /** The agent node that proposed it (source `agent`). */
  node_id?: string;
}

export const applyPatchSignal = defineSignal<[ApplyPatchSignal]>('applyPatch');

/** The graph the run executes now (revision = patches applied so far) and each node's state. */
export const definitionQuery = defineQuery<RunDagState>('definition');

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
