import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, NEXT_CURSOR, one } from '../common/api-success.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { ApprovalQueryService } from './approval-query.service';
import { presentApproval } from './approval.presenter';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { ListApprovalsQuery } from './dto/list-approvals.query';

const APPROVAL_NOT_FOUND = Fails.notFound("no approval with this id in the caller's tenant");

@ApiTags('approvals')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/approvals')
export class ApprovalsController {
  constructor(
    private readonly query: ApprovalQueryService,
    private readonly decide: DecideApprovalUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The approval inbox: approvals newest first, by status and run (keyset pagination)' })
  @ApiErrors(Fails.invalidRequest, Fails.invalidCursor)
  @ApiSuccess(200, 'A page of approvals', { approvals: many('Approval'), next_cursor: NEXT_CURSOR })
  async list(@Caller() caller: Principal, @Query() query: ListApprovalsQuery) {
    const { approvals, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, approvals: approvals.map(presentApproval), next_cursor: nextCursor };
  }

  @Get(':id')
  @ApiErrors(APPROVAL_NOT_FOUND)
  @ApiSuccess(200, 'The approval', { approval: one('Approval') })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, approval: presentApproval(await this.query.get(caller.tenant, id)) };
  }

  @Post(':id/decide')
  @RequireScope('approvals:decide')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve or reject a pending approval (the key must be a listed approver); the first decision stored counts, then the run is signalled',
  })
  @ApiErrors(
    ...JSON_BODY_FAILURES,
    Fails.unprocessable('decided_by is missing and the API key acts for no user'),
    Fails.forbidden('the API key is not an approver of this approval, or names a decided_by other than its own user without the admin scope'),
    APPROVAL_NOT_FOUND,
    Fails.conflict('the approval is already decided or has expired'),
    Fails.temporalUnavailable,
  )
  @ApiSuccess(200, 'The decided approval', { approval: one('Approval') })
  async decideApproval(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: DecideApprovalDto) {
    return { success: true, approval: presentApproval(await this.decide.execute(caller, id, dto)) };
  }
}
