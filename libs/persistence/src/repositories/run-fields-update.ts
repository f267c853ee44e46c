import type { Dag, RunStatus, TokenUsage } from '@steadfast/domain';

/** Fields a state change may set; undefined means unchanged. */
export interface RunFieldsUpdate {
  status?: RunStatus;
  output?: unknown;
  error?: string | null;
  startedAt?: Date;
  completedAt?: Date;
  canceledAt?: Date;
  temporalRunId?: string;
  usage?: TokenUsage;
  /** The graph after a runtime patch, with its revision. */
  dag?: Dag;
  dagRevision?: number;
}
