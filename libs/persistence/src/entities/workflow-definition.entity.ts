import { Column, Entity } from 'typeorm';
import type { Dag } from '@steadfast/domain';
import { VersionedArtifact } from './versioned-artifact';

@Entity('workflow_definitions')
export class WorkflowDefinitionEntity extends VersionedArtifact {
  /** The normalised DAG (validateDag's output): what a run naming this version executes. */
  @Column({ type: 'jsonb' })
  definition: Dag;

  @Column({ name: 'input_schema', type: 'jsonb', nullable: true })
  inputSchema: Record<string, unknown> | null;
}
