import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

export const MAX_PATCH_REASON_LENGTH = 2000;

/**
 * POST /api/runs/:id/patches. Only the envelope is declared here: each operation's RFC 6902 shape is
 * checked by the domain's patch check, with the same messages the workflow and the agent's tool give.
 */
export class ProposePatchDto {
  @ApiProperty({
    type: 'array',
    description: "JSON Patch (RFC 6902) operations on the run's graph; every path lives under /nodes",
    items: { type: 'object', additionalProperties: true },
    example: [{ op: 'add', path: '/nodes/-', value: { id: 'notify', type: 'echo', config: { value: 'done' }, depends_on: ['fetch'] } }],
  })
  @IsArray({ message: 'operations must be an array of JSON Patch (RFC 6902) operations' })
  operations: unknown[];

  @ApiPropertyOptional({ maxLength: MAX_PATCH_REASON_LENGTH })
  @IsOptional()
  @IsString({ message: 'reason must be a string' })
  @MaxLength(MAX_PATCH_REASON_LENGTH, { message: `reason must be at most ${MAX_PATCH_REASON_LENGTH} characters` })
  reason?: string;
}
