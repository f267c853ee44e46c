import type { DagNode } from '@steadfast/domain';
import type { WorkflowDefinitionEntity } from '@steadfast/persistence';

export interface WorkflowJson {
  name: string;
  version: number;
  sha256: string;
  description: string | null;
  nodes: DagNode[];
  timeout_ms?: number;
  input_schema: Record<string, unknown> | null;
  created_at: string;
}

/** Entity -> the workflow JSON of the API contract: the normalised nodes (edges already folded in). */
export function presentWorkflow(entity: WorkflowDefinitionEntity): WorkflowJson {
  return {
    name: entity.name,
    version: entity.version,
    sha256: entity.sha256,
    description: entity.description ?? null,
    nodes: entity.definition.nodes,
    ...(entity.definition.timeout_ms !== undefined ? { timeout_ms: entity.definition.timeout_ms } : {}),
    input_schema: entity.inputSchema ?? null,
    created_at: new Date(entity.createdAt).toISOString(),
  };
}
