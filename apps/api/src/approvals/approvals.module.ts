import { Module } from '@nestjs/common';
import { ApprovalOutbox } from './approval-outbox';
import { ApprovalQueryService } from './approval-query.service';
import { ApprovalSignaler } from './approval-signaler';
import { ApprovalsController } from './approvals.controller';
import { DecideApprovalUseCase } from './decide-approval.use-case';

@Module({
  controllers: [ApprovalsController],
  providers: [ApprovalQueryService, DecideApprovalUseCase, ApprovalSignaler, ApprovalOutbox],
})
export class ApprovalsModule {}
