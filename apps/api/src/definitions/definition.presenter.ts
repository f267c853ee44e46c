import type { DagNode } from '@steadfast/domain';
import type { WorkflowDefinitionEntity } from '@steadfast/persistence';
import { presentArtifact, type ArtifactJson } from '../registry/artifact.presenter';

export interface WorkflowDefinitionJson extends ArtifactJson {
  nodes: DagNode[];
  timeout_ms?: number;
  input_schema: Record<string, unknown> | null;
}

/** Entity -> the workflow JSON of the API contract: the normalised nodes (edges already folded in). */
export function presentDefinition(entity: WorkflowDefinitionEntity): WorkflowDefinitionJson {
  return presentArtifact(entity, {
    nodes: entity.definition.nodes,
    ...(entity.definition.timeout_ms !== undefined ? { timeout_ms: entity.definition.timeout_ms } : {}),
    input_schema: entity.inputSchema ?? null,
  });
}
