import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, Validate } from 'class-validator';
import { RunInputConstraint } from './run-input.constraint';
import { WorkflowFieldConstraint } from './workflow-field.constraint';

export class CreateRunDto {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'summarise-report' })
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(128, { message: 'name must be at most 128 characters' })
  name: string;

  @ApiPropertyOptional({ description: 'A string (at most 64 KiB) or an object (at most 128 KiB as JSON)', oneOf: [{ type: 'string' }, { type: 'object' }] })
  @IsOptional()
  @Validate(RunInputConstraint)
  input?: string | Record<string, unknown>;

  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 128,
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Idempotency token (also accepted as the Idempotency-Key header)',
  })
  @IsOptional()
  @IsString({ message: 'client_token must be a string' })
  @MinLength(8, { message: 'client_token must be at least 8 characters' })
  @MaxLength(128, { message: 'client_token must be at most 128 characters' })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'client_token may contain only letters, digits, "_" and "-"' })
  client_token?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 16 })
  @IsOptional()
  @IsArray({ message: 'tags must be an array of strings' })
  @ArrayMaxSize(16, { message: 'tags must contain at most 16 items' })
  @IsString({ each: true, message: 'each tag must be a string' })
  @MaxLength(64, { each: true, message: 'each tag must be at most 64 characters' })
  tags?: string[];

  @ApiPropertyOptional({
    description:
      'A stored definition: "name" (latest version) or "name@3" (that version); or an inline definition: ' +
      '{"nodes": [{"id", "type", "config", "depends_on"}], "edges"?, "timeout"?, "input_schema"?, "description"?}',
    oneOf: [
      { type: 'string', example: 'summarise-report@3' },
      { type: 'object', additionalProperties: true },
    ],
  })
  @IsOptional()
  @Validate(WorkflowFieldConstraint)
  workflow?: string | Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Create and start in one call' })
  @IsOptional()
  @IsBoolean({ message: 'start must be a boolean' })
  start?: boolean;
}
