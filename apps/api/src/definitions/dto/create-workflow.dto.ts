import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';
import { WORKFLOW_NAME, WORKFLOW_NAME_RULE } from '@steadfast/domain';
import { ArtifactIdentityDto } from '../../registry/artifact-identity.dto';

/** POST /api/workflows. Nodes, edges and timeout are checked by validateDag, which names each node. */
export class CreateWorkflowDto extends ArtifactIdentityDto({ pattern: WORKFLOW_NAME, rule: WORKFLOW_NAME_RULE, example: 'summarise-report' }) {
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
