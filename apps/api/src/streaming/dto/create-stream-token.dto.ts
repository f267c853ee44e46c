import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

/** Long enough to open a stream and reconnect a few times; short enough that a leaked URL is soon worthless. */
export const STREAM_TOKEN_DEFAULT_TTL_SECONDS = 600;
export const STREAM_TOKEN_MAX_TTL_SECONDS = 3600;

/** POST /api/runs/:id/stream-token; the body is optional. */
export class CreateStreamTokenDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: STREAM_TOKEN_MAX_TTL_SECONDS,
    default: STREAM_TOKEN_DEFAULT_TTL_SECONDS,
    description: 'How long the token is accepted, in seconds',
  })
  // Absent means the default; null is not absent (@IsOptional would let it through to the database).
  @ValidateIf((_dto: CreateStreamTokenDto, value: unknown) => value !== undefined)
  @IsInt({ message: 'ttl_seconds must be an integer' })
  @Min(1, { message: 'ttl_seconds must be at least 1' })
  @Max(STREAM_TOKEN_MAX_TTL_SECONDS, { message: `ttl_seconds must be at most ${STREAM_TOKEN_MAX_TTL_SECONDS}` })
  ttl_seconds?: number;
}
