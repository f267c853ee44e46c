import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApprovalQueryService } from './approval-query.service';
import { presentApproval } from './approval.presenter';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { ListApprovalsQuery } from './dto/list-approvals.query';

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
  async list(@Caller() caller: Principal, @Query() query: ListApprovalsQuery) {
    const { approvals, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, approvals: approvals.map(presentApproval), next_cursor: nextCursor };
  }

  @Get(':id')
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, approval: presentApproval(await this.query.get(caller.tenant, id)) };
  }

  @Post(':id/decide')
  @RequireScope('approvals:decide')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve or reject a pending approval (the key must be a listed approver); the first decision stored counts, then the run is signalled',
  })
  async decideApproval(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: DecideApprovalDto) {
    return { success: true, approval: presentApproval(await this.decide.execute(caller, id, dto)) };
  }
}
