import type { Dag, RunEvent, RunStatus, TokenUsage } from '@steadfast/domain';

export interface RunSeed {
  name: string;
  input: unknown;
  tags: string[];
  dag: Dag;
}

/** A batch of durable changes to one run: new events plus the run record's new fields. */
export interface RunSyncBatch {
  runId: string;
  events: RunEvent[];
  run?: RunRecordPatch;
  /** First sync of a workflow: take the run over only if it is still created (or already ours). */
  claim?: { temporalRunId: string; seed: RunSeed };
}

export interface RunRecordPatch {
  status?: RunStatus;
  output?: unknown;
  error?: string | null;
  started_at?: string;
  completed_at?: string;
  canceled_at?: string;
  usage?: TokenUsage;
}

export interface RunSyncResult {
  /** Status in Postgres after the batch (when it changed or was claimed); a lost claim shows who won. */
  status: RunStatus | undefined;
  claimed: boolean;
}
