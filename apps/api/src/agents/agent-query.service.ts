import { Injectable } from '@nestjs/common';
import { AGENT_NAME, DomainErrorCode } from '@steadfast/domain';
import { AgentRepository, type AgentEntity } from '@steadfast/persistence';
import { RegistryReader } from '../registry/registry-reader';

/** Reads of registered agents; unknown names and versions are 404 AGENT_NOT_FOUND. */
@Injectable()
export class AgentQueryService extends RegistryReader<AgentEntity> {
  constructor(agents: AgentRepository) {
    super(agents, { noun: 'agent', name: AGENT_NAME, notFound: DomainErrorCode.AgentNotFound });
  }
}
