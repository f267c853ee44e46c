import type { DataSource } from 'typeorm';
import { WorkflowDefinitionEntity } from '../entities/workflow-definition.entity';
import { VersionedRegistryRepository } from './versioned-registry.repository';

/* Advisory-lock key space of this registry (arbitrary, distinct from the agents'). */
const LOCK_SPACE = 73_461_201;

export class WorkflowDefinitionRepository extends VersionedRegistryRepository<WorkflowDefinitionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, WorkflowDefinitionEntity, LOCK_SPACE);
  }
}
