import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RateLimitLayer } from '@steadfast/domain';
import type { ErrorBody } from './error-body';

const RATE_LIMIT_LAYERS: RateLimitLayer[] = ['key', 'global', 'tier_simple', 'tier_standard', 'tier_heavy'];

/** The error envelope (ErrorBody) as the OpenAPI document shows it; toErrorResponse builds every one. */
export class ErrorBodyDto implements ErrorBody {
  [extra: string]: unknown;

  @ApiProperty({ description: 'What went wrong, readable by a person', example: 'Validation failed' })
  error!: string;

  @ApiPropertyOptional({ type: [String], description: 'One entry per problem, when there is more to say', example: ['name is required'] })
  details?: string[];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: '429 only: seconds to wait before retrying; also sent as the Retry-After header' })
  retryAfter?: number;

  @ApiPropertyOptional({ enum: RATE_LIMIT_LAYERS, description: '429 only: the limit that refused the request' })
  layer?: RateLimitLayer;

  @ApiPropertyOptional({ format: 'uuid', description: '500 only: the id the server logged the error under' })
  errorId?: string;
}
