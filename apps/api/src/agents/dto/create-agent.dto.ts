import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { AGENT_NAME, AGENT_NAME_RULE, AGENT_TOOLS, MAX_AGENT_STEPS, MAX_OUTPUT_CORRECTIONS } from '@steadfast/domain';
import { ArtifactIdentityDto } from '../../registry/artifact-identity.dto';

/**
 * POST /api/agents. The settings are only declared here; agentSettingsProblems checks them, with the same
 * messages an agent node's config gets.
 */
export class CreateAgentDto extends ArtifactIdentityDto({ pattern: AGENT_NAME, rule: AGENT_NAME_RULE, example: 'researcher' }) {
  @ApiPropertyOptional({ type: 'string', minLength: 1, maxLength: 128, example: 'gpt-4o-mini' })
  @IsOptional()
  model?: string;

  @ApiPropertyOptional()
  @IsOptional()
  system_prompt?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...AGENT_TOOLS] }, uniqueItems: true })
  @IsOptional()
  tools?: string[];

  @ApiPropertyOptional({ type: 'number', minimum: 0, maximum: 2 })
  @IsOptional()
  temperature?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_AGENT_STEPS })
  @IsOptional()
  max_steps?: number;

  @ApiPropertyOptional({ description: 'JSON Schema (2020-12) the `finish` answer must match', type: 'object', additionalProperties: true })
  @IsOptional()
  output_schema?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OUTPUT_CORRECTIONS })
  @IsOptional()
  max_output_corrections?: number;
}
