import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { APPROVAL_STATUSES, type ApprovalStatus } from '@steadfast/domain';
import { PageQuery } from '../../common/page.query';

/** `GET /api/approvals?status=&run_id=&limit=&cursor=`: the inbox. */
export class ListApprovalsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES, { message: `status must be one of ${APPROVAL_STATUSES.join(', ')}` })
  status?: ApprovalStatus;

  @ApiPropertyOptional({ type: 'string', maxLength: 64, description: 'Only approvals of this run' })
  @IsOptional()
  @IsString({ message: 'run_id must be a string' })
  @MaxLength(64, { message: 'run_id must be at most 64 characters' })
  run_id?: string;
}
