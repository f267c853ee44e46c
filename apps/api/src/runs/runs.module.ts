import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { RunEventHub } from '../streaming/run-event-hub';
import { RunEventSource } from '../streaming/run-event-source';
import { RunStreamController } from '../streaming/run-stream.controller';
import { RunEventWakeups } from '../streaming/run-event-wakeups';
import { IssueStreamTokenUseCase } from '../streaming/issue-stream-token.use-case';
import { StreamTokensController } from '../streaming/stream-tokens.controller';
import { CancelRunUseCase } from './cancel-run.use-case';
import { CreateRunUseCase } from './create-run.use-case';
import { RunInputConstraint } from './dto/run-input.constraint';
import { RunPresenter } from './run-presenter';
import { RunNodesService } from './run-nodes.service';
import { RunQueryService } from './run-query.service';
import { RunDefinitionResolver } from './run-definition.resolver';
import { RunQueueDispatcher } from './run-queue.dispatcher';
import { RunStarter } from './run-starter';
import { RunsController } from './runs.controller';
import { StartRunUseCase } from './start-run.use-case';

@Module({
  imports: [DefinitionsModule, AgentsModule],
  controllers: [RunsController, RunStreamController, StreamTokensController],
  providers: [
    CreateRunUseCase,
    RunDefinitionResolver,
    StartRunUseCase,
    CancelRunUseCase,
    RunQueryService,
    RunNodesService,
    RunStarter,
    RunQueueDispatcher,
    RunPresenter,
    RunInputConstraint,
    RunEventSource,
    RunEventHub,
    RunEventWakeups,
    IssueStreamTokenUseCase,
  ],
  exports: [RunQueryService],
})
export class RunsModule {}
