import type { DataSource } from 'typeorm';
import { AgentEntity } from '../entities/agent.entity';
import { VersionedRegistryRepository } from './versioned-registry.repository';

/* Advisory-lock key space of this registry (arbitrary, distinct from the workflow definitions'). */
const LOCK_SPACE = 73_461_202;

export class AgentRepository extends VersionedRegistryRepository<AgentEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, AgentEntity, LOCK_SPACE);
  }
}
