import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { APPROVAL_VERDICTS, type ApprovalVerdict } from '@steadfast/domain';

export const MAX_DECISION_COMMENT = 4000;
export const MAX_DECIDED_BY = 128;

/** POST /api/approvals/:id/decide. */
export class DecideApprovalDto {
  @ApiProperty({ enum: APPROVAL_VERDICTS })
  @IsIn(APPROVAL_VERDICTS, { message: `decision must be one of ${APPROVAL_VERDICTS.join(', ')}` })
  decision: ApprovalVerdict;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MAX_DECIDED_BY,
    description: "Who decided. Defaults to the API key's user; only an admin key may name someone else. Required when the key acts for no user.",
  })
  @IsOptional()
  @IsString({ message: 'decided_by must be a string' })
  @Matches(/\S/, { message: 'decided_by is required' })
  @MaxLength(MAX_DECIDED_BY, { message: `decided_by must be at most ${MAX_DECIDED_BY} characters` })
  decided_by?: string;

  @ApiPropertyOptional({ maxLength: MAX_DECISION_COMMENT })
  @IsOptional()
  @IsString({ message: 'comment must be a string' })
  @MaxLength(MAX_DECISION_COMMENT, { message: `comment must be at most ${MAX_DECISION_COMMENT} characters` })
  comment?: string;
}
