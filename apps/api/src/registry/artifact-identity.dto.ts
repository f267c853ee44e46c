import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_DESCRIPTION_LENGTH } from '@steadfast/domain';

/** How a registry names its artifacts: the pattern, the rule as the 422 states it, an example for the docs. */
export interface ArtifactNaming {
  pattern: RegExp;
  rule: string;
  example: string;
}

/** The fields every registry's POST body starts with (name, description); each registry's DTO extends it. */
export function ArtifactIdentityDto(naming: ArtifactNaming) {
  abstract class ArtifactIdentity {
    @ApiProperty({ minLength: 1, pattern: naming.pattern.source, example: naming.example })
    @IsString({ message: 'name must be a string' })
    @IsNotEmpty({ message: 'name is required' })
    @Matches(naming.pattern, { message: `name ${naming.rule}` })
    name: string;

    @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
    @IsOptional()
    @IsString({ message: 'description must be a string' })
    @MaxLength(MAX_DESCRIPTION_LENGTH, { message: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` })
    description?: string;
  }
  return ArtifactIdentity;
}
