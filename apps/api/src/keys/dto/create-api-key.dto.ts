import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SCOPES, TENANT_ID, type Scope } from '@steadfast/domain';

const ROLE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** POST /api/keys. */
export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'ci pipeline' })
  @IsString({ message: 'name must be a string' })
  @Matches(/\S/, { message: 'name is required' })
  @MaxLength(128, { message: 'name must be at most 128 characters' })
  name: string;

  @ApiProperty({ pattern: TENANT_ID.source, example: 'default' })
  @IsString({ message: 'tenant must be a string' })
  @Matches(TENANT_ID, { message: 'tenant must be 1-63 lower-case letters, digits, "_" or "-", starting with a letter or digit' })
  tenant: string;

  @ApiProperty({ enum: SCOPES, isArray: true, minItems: 1, maxItems: SCOPES.length, uniqueItems: true })
  @IsArray({ message: 'scopes must be an array' })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayMaxSize(SCOPES.length, { message: `scopes must contain at most ${SCOPES.length} items` })
  @ArrayUnique({ message: 'scopes must not repeat' })
  @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes: Scope[];

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 128,
    description: "The user the key acts for: matched against approvals' approvers and recorded as decided_by",
  })
  @IsOptional()
  @IsString({ message: 'user must be a string' })
  @Matches(/^\S(.*\S)?$/, { message: 'user must be non-empty without surrounding spaces' })
  @MaxLength(128, { message: 'user must be at most 128 characters' })
  user?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', pattern: ROLE.source },
    maxItems: 16,
    description: 'Roles, matched against approvers entries `role:<name>`',
  })
  @IsOptional()
  @IsArray({ message: 'roles must be an array' })
  @ArrayMaxSize(16, { message: 'roles must contain at most 16 items' })
  @Matches(ROLE, { each: true, message: 'each role must be 1-64 letters, digits, "_", "." or "-"' })
  roles?: string[];
}
