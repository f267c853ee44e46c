import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGENT_NAME, AGENT_NAME_RULE, AGENT_TOOLS, MAX_AGENT_STEPS, MAX_DESCRIPTION_LENGTH, MAX_OUTPUT_CORRECTIONS } from '@steadfast/domain';

/**
 * POST /api/agents. The settings are only declared here; agentSettingsProblems checks them, with the same
 * messages an agent node's config gets.
 */
export class CreateAgentDto {
  @ApiProperty({ pattern: AGENT_NAME.source, example: 'researcher' })
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name is required' })
  @Matches(AGENT_NAME, { message: `name ${AGENT_NAME_RULE}` })
  name: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(MAX_DESCRIPTION_LENGTH, { message: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` })
  description?: string;

  @ApiPropertyOptional({ maxLength: 128, example: 'gpt-4o-mini' })
  @IsOptional()
  model?: string;

  @ApiPropertyOptional()
  @IsOptional()
  system_prompt?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: [...AGENT_TOOLS] } })
  @IsOptional()
  tools?: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  @IsOptional()
  temperature?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_AGENT_STEPS })
  @IsOptional()
  max_steps?: number;

  @ApiPropertyOptional({ description: 'JSON Schema (2020-12) the `finish` answer must match', type: 'object', additionalProperties: true })
  @IsOptional()
  output_schema?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OUTPUT_CORRECTIONS })
  @IsOptional()
  max_output_corrections?: number;
}
