import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApprovalQueryService } from './approval-query.service';
import { presentApproval } from './approval.presenter';
import { DecideApprovalUseCase } from './decide-approval.use-case';
import { DecideApprovalDto } from './dto/decide-approval.dto';
import { ListApprovalsQuery } from './dto/list-approvals.query';

@ApiTags('approvals')
@Controller('api/approvals')
export class ApprovalsController {
  constructor(
    private readonly query: ApprovalQueryService,
    private readonly decide: DecideApprovalUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The approval inbox: approvals newest first, by status and run (keyset pagination)' })
  async list(@Query() query: ListApprovalsQuery) {
    const { approvals, nextCursor } = await this.query.list(query);
    return { success: true, approvals: approvals.map(presentApproval), next_cursor: nextCursor };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return { success: true, approval: presentApproval(await this.query.get(id)) };
  }

  @Post(':id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject a pending approval; the first decision stored counts, then the run is signalled' })
  async decideApproval(@Param('id') id: string, @Body() dto: DecideApprovalDto) {
    return { success: true, approval: presentApproval(await this.decide.execute(id, dto)) };
  }
}
