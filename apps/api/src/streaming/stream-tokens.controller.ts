import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { ApiSuccess } from '../common/api-success.decorator';
import { CreateStreamTokenDto } from './dto/create-stream-token.dto';
import { IssueStreamTokenUseCase } from './issue-stream-token.use-case';

@ApiTags('runs')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/runs')
export class StreamTokensController {
  constructor(private readonly issueToken: IssueStreamTokenUseCase) {}

  @Post(':id/stream-token')
  @HttpCode(201)
  @ApiOperation({
    summary: "A short-lived token for reading this run's events as `?token=` (logs/stream and events only), for browsers' EventSource",
  })
  @ApiBody({ type: CreateStreamTokenDto, required: false })
  @ApiSuccess(201, 'A stream token for this run, acting for the calling API key until it expires or the key is revoked', {
    token: { type: 'string', description: 'Send as `?token=`; shown this once, only its hash is stored' },
    expires_at: { type: 'string', format: 'date-time' },
  })
  @ApiErrors(...JSON_BODY_FAILURES, Fails.runNotFound)
  async issue(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: CreateStreamTokenDto) {
    const { token, expiresAt } = await this.issueToken.execute(caller, id, dto.ttl_seconds);
    return { success: true, token, expires_at: expiresAt.toISOString() };
  }
}
