import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RUN_STATUSES, type RunStatus } from '@steadfast/domain';
import { PageQuery } from '../../common/page.query';

export class ListRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RUN_STATUSES })
  @IsOptional()
  @IsIn(RUN_STATUSES, { message: `status must be one of ${RUN_STATUSES.join(', ')}` })
  status?: RunStatus;

  @ApiPropertyOptional({ type: 'string', maxLength: 64, description: 'Only runs with this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  tag?: string;
}

export class ListEventsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 2_147_483_647, default: 0, description: 'Return events with seq greater than this' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be an integer' })
  @Min(0, { message: 'after must be at least 0' })
  // seq is a Postgres integer: past it the query itself would fail.
  @Max(2_147_483_647, { message: 'after must be at most 2147483647' })
  after?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;

  /** Read by the authentication hook, not the handler, and documented by @AcceptsStreamToken. */
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  token?: string;
}
