/**
 * The only module the API and the worker share about Temporal: workflow names and I/O types, signals,
 * queries and search-attribute keys. Safe to import from workflow code (no Node, no I/O).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Dag, RunEvent, RunStatus } from '@steadfast/domain';

export const DEFAULT_TASK_QUEUE = 'steadfast-runs';
export const RUN_WORKFLOW_TYPE = 'runWorkflow';
export const PURGE_IDEMPOTENCY_WORKFLOW_TYPE = 'purgeIdempotencyKeysWorkflow';
export const IDEMPOTENCY_PURGE_SCHEDULE_ID = 'steadfast-idempotency-purge';
export const BASELINE_WORKFLOW_TYPE = 'baselineWorkflow';

export interface RunWorkflowInput {
  runId: string;
  name: string;
  dag: Dag;
  input: unknown;
  tags: string[];
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

export const SEARCH_ATTRIBUTES = {
  status: defineSearchAttributeKey('SteadfastRunStatus', SearchAttributeType.KEYWORD),
  name: defineSearchAttributeKey('SteadfastRunName', SearchAttributeType.KEYWORD),
  tags: defineSearchAttributeKey('SteadfastRunTags', SearchAttributeType.KEYWORD_LIST),
} as const;

/** Name -> Temporal type, for registering with a server (dev server flags or the operator service). */
export const SEARCH_ATTRIBUTE_DEFINITIONS: Record<string, 'Keyword' | 'KeywordList'> = {
  SteadfastRunStatus: 'Keyword',
  SteadfastRunName: 'Keyword',
  SteadfastRunTags: 'KeywordList',
};
