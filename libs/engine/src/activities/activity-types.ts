import type { Dag, PatchDecision, PatchSource, RunEvent, RunStatus, TokenUsage } from '@steadfast/domain';
import type { RunSeed } from '@steadfast/persistence';

// The seed's one home is the repository that writes it; workflow code imports the type through here.
export type { RunSeed };

/** A batch of durable changes to one run: new events plus the run record's new fields. */
export interface RunSyncBatch {
  runId: string;
  events: RunEvent[];
  run?: RunRecordPatch;
  /** Outcomes of patches decided since the last batch. */
  patches?: PatchOutcomeEntry[];
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
  /** The graph after applied patches, and how many have been applied. */
  dag?: Dag;
  dag_revision?: number;
}

/** A patch the workflow applied or refused; an applied one carries its resulting graph (to hash, not to store). */
export interface PatchOutcomeEntry extends PatchDecision {
  patch_id: string;
  source: PatchSource;
  dag: Dag | null;
}

export interface RunSyncResult {
  /** Status in Postgres after the batch (when it changed or was claimed); a lost claim shows who won. */
  status: RunStatus | undefined;
  claimed: boolean;
}
