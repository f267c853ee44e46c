import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { PageQuery } from '../common/page.query';
import { AgentQueryService } from './agent-query.service';
import { presentAgent } from './agent.presenter';
import { CreateAgentDto } from './dto/create-agent.dto';
import { RegisterAgentUseCase } from './register-agent.use-case';

@ApiTags('agents')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly register: RegisterAgentUseCase,
    private readonly query: AgentQueryService,
  ) {}

  @Post()
  @RequireScope('workflows:write')
  @ApiOperation({ summary: 'Register a new version of an agent (201), or return the version with identical settings (200)' })
  async create(@Caller() caller: Principal, @Body() dto: CreateAgentDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, record } = await this.register.execute(caller.tenant, dto);
    reply.status(created ? 201 : 200);
    return { success: true, agent: presentAgent(record) };
  }

  @Get()
  @ApiOperation({ summary: 'The latest version of each agent, by name (keyset pagination)' })
  async list(@Caller() caller: Principal, @Query() query: PageQuery) {
    const { items, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, agents: items.map(presentAgent), next_cursor: nextCursor };
  }

  @Get(':name')
  async latest(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, agent: presentAgent(await this.query.latest(caller.tenant, name)) };
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Every version of an agent, newest first' })
  async versions(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, agents: (await this.query.versions(caller.tenant, name)).map(presentAgent) };
  }

  @Get(':name/versions/:version')
  async version(@Caller() caller: Principal, @Param('name') name: string, @Param('version') version: string) {
    return { success: true, agent: presentAgent(await this.query.version(caller.tenant, name, version)) };
  }
}
