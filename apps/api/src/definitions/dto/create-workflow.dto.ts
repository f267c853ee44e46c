import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_DESCRIPTION_LENGTH, WORKFLOW_NAME, WORKFLOW_NAME_RULE } from '@steadfast/domain';

/** POST /api/workflows. Nodes, edges and timeout are checked by validateDag, which names each node. */
export class CreateWorkflowDto {
  @ApiProperty({ pattern: WORKFLOW_NAME.source, example: 'summarise-report' })
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name is required' })
  @Matches(WORKFLOW_NAME, { message: `name ${WORKFLOW_NAME_RULE}` })
  name: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(MAX_DESCRIPTION_LENGTH, { message: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` })
  description?: string;

  @ApiProperty({
    description: 'The DAG nodes: [{"id", "type", "config", "depends_on", ...}]',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  @IsArray({ message: 'nodes must be an array' })
  nodes: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'Dependencies as [{"from", "to"}], folded into each node\'s depends_on', type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray({ message: 'edges must be an array of {"from", "to"} objects' })
  edges?: Record<string, unknown>[];

  @ApiPropertyOptional({ description: 'Run deadline: milliseconds or a duration string such as "10m"', oneOf: [{ type: 'number' }, { type: 'string' }] })
  @IsOptional()
  timeout?: number | string;

  @ApiPropertyOptional({ description: 'JSON Schema (2020-12) every run input must match', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'input_schema must be a JSON Schema object' })
  input_schema?: Record<string, unknown>;
}
