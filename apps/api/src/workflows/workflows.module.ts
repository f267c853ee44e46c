import { Module } from '@nestjs/common';
import { PublishWorkflowUseCase } from './publish-workflow.use-case';
import { WorkflowQueryService } from './workflow-query.service';
import { WorkflowsController } from './workflows.controller';

@Module({
  controllers: [WorkflowsController],
  providers: [PublishWorkflowUseCase, WorkflowQueryService],
  exports: [WorkflowQueryService],
})
export class WorkflowsModule {}
