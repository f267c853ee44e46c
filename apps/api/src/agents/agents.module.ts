import { Module } from '@nestjs/common';
import { AgentQueryService } from './agent-query.service';
import { AgentsController } from './agents.controller';
import { RegisterAgentUseCase } from './register-agent.use-case';

@Module({
  controllers: [AgentsController],
  providers: [RegisterAgentUseCase, AgentQueryService],
  exports: [AgentQueryService],
})
export class AgentsModule {}
