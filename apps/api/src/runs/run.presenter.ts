import type { TokenUsage } from '@steadfast/domain';
import type { RunEntity } from '@steadfast/persistence';
import { isoOrNull } from '../common/iso-date';

export interface RunJson {
  id: string;
  name: string;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  tags: string[];
  client_token: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
  canceled_at: string | null;
  /** The definition the run was created from; name and version null for an inline one, null for the default DAG. */
  workflow: { name: string | null; version: number | null; sha256: string } | null;
  /** Tokens the run's agent nodes used; null when no node called a model. */
  usage: TokenUsage | null;
  temporal: { workflow_id: string; run_id: string | null; ui_url: string };
}

/** Entity -> the run JSON of the API contract, with a link straight to the run in the Temporal UI. */
export function presentRun(run: RunEntity, temporal: { uiUrl: string; namespace: string }): RunJson {
  const workflowPath = `${temporal.uiUrl}/namespaces/${encodeURIComponent(temporal.namespace)}/workflows/${encodeURIComponent(run.id)}`;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    input: run.input ?? null,
    output: run.output ?? null,
    error: run.error ?? null,
    tags: run.tags ?? [],
    client_token: run.clientToken ?? null,
    created_at: isoOrNull(run.createdAt) as string,
    updated_at: isoOrNull(run.updatedAt) as string,
    started_at: isoOrNull(run.startedAt),
    completed_at: isoOrNull(run.completedAt),
    canceled_at: isoOrNull(run.canceledAt),
    workflow: run.workflowSha256 ? { name: run.workflowName ?? null, version: run.workflowVersion ?? null, sha256: run.workflowSha256 } : null,
    usage: run.usage ?? null,
    temporal: {
      workflow_id: run.id,
      run_id: run.temporalRunId ?? null,
      ui_url: run.temporalRunId ? `${workflowPath}/${run.temporalRunId}/history` : workflowPath,
    },
  };
}
