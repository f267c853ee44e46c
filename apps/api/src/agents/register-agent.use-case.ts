import { Injectable } from '@nestjs/common';
import { agentSettingsProblems, DomainError, DomainErrorCode, pickAgentSettings } from '@steadfast/domain';
import { AgentRepository, type AgentEntity, type Publication, contentAddress } from '@steadfast/persistence';
import { schemaProblems } from '@steadfast/schemas';
import type { CreateAgentDto } from './dto/create-agent.dto';

/** POST /api/agents: the next version of an agent, or the version already holding exactly these settings. */
@Injectable()
export class RegisterAgentUseCase {
  constructor(private readonly agents: AgentRepository) {}

  execute(tenant: string, dto: CreateAgentDto): Promise<Publication<AgentEntity>> {
    const { name, description, ...fields } = dto;
    const settings = pickAgentSettings(fields);
    const problems = agentSettingsProblems(settings as Record<string, unknown>);
    const schema = settings.output_schema;
    if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
      problems.push(...schemaProblems(schema).map((problem) => `output_schema ${problem}`));
    }
    if (problems.length > 0) throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', problems);
    return this.agents.publish({
      tenant,
      name,
      description: description ?? null,
      settings,
      sha256: contentAddress({ description: description ?? null, settings }).sha256,
    });
  }
}
