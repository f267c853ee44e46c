/**
 * The run workflow's signals and queries for services that talk to Temporal directly: the one home of
 * their names and payload types, which libs/engine's workflow registers its handlers with. Plain
 * objects, so importing this pulls in no Temporal code (it is safe in a browser and in workflow code).
 */
import type { QueryDefinition, SignalDefinition } from '@temporalio/common';
import type { DecideApprovalBody, RunEvent, RunStatus } from '../types';

// The brands on Temporal's definition types exist only at compile time; the objects are name and kind.
const signal = <Args extends unknown[], Name extends string>(name: Name) => ({ type: 'signal', name }) as SignalDefinition<Args, Name>;
const query = <Ret, Args extends unknown[], Name extends string>(name: Name) => ({ type: 'query', name }) as QueryDefinition<Ret, Args, Name>;

/**
 * A person's decision on one approval. Postgres arbitrates: the run follows the first decision recorded
 * there, whether it came through the API or as this signal.
 */
export interface ApprovalDecisionSignal {
  approval_id: string;
  decision: DecideApprovalBody['decision'];
  decided_by?: string;
  comment?: string;
}

/** Who proposed a patch: a client of the REST API, an agent's `patch_workflow` tool, or a raw Temporal signal. */
export type PatchSource = 'api' | 'agent' | 'temporal';

/** A JSON Patch (RFC 6902) over the run's graph; the workflow validates it before applying it. */
export interface ApplyPatchSignal {
  /** Chosen by the sender; `patchOutcome` and the patch events name it. */
  patch_id: string;
  operations: unknown[];
  reason?: string;
  source: PatchSource;
  /** The agent node that proposed it (source `agent`). */
  node_id?: string;
}

/** Events with seq greater than the query's argument, from the workflow's bounded buffer. */
export interface RunEventsPage<Event = RunEvent> {
  events: Event[];
  status: RunStatus;
  /** Lowest seq the buffer still holds; older events are in Postgres (`GET /api/runs/{id}/events`). */
  firstSeq: number;
  done: boolean;
}

/** The graph the run executes now (revision = patches applied so far) and each node's state. */
export interface RunDagState {
  dag: { nodes: { id: string; type: string }[] };
  revision: number;
  nodes: Record<string, { status: string }>;
}

export const approvalDecisionSignal = signal<[ApprovalDecisionSignal], 'approvalDecision'>('approvalDecision');
export const applyPatchSignal = signal<[ApplyPatchSignal], 'applyPatch'>('applyPatch');
export const eventsQuery = query<RunEventsPage, [afterSeq: number], 'events'>('events');
export const definitionQuery = query<RunDagState, [], 'definition'>('definition');
