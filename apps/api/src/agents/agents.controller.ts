import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, NEXT_CURSOR, one } from '../common/api-success.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { PageQuery } from '../common/page.query';
import { AgentQueryService } from './agent-query.service';
import { presentAgent } from './agent.presenter';
import { CreateAgentDto } from './dto/create-agent.dto';
import { RegisterAgentUseCase } from './register-agent.use-case';

const NOT_FOUND = Fails.notFound("no agent of this name in the caller's tenant");
const VERSION_NOT_FOUND = Fails.notFound("no agent of this name in the caller's tenant, or it has no such version");

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
  @ApiSuccess(201, 'A new version was stored', { agent: one('Agent') })
  @ApiSuccess(200, 'The latest version already has identical content: it is returned, nothing is stored', { agent: one('Agent') })
  @ApiErrors(...JSON_BODY_FAILURES, Fails.unprocessable('a setting is invalid (the same messages an agent node config gets)'))
  async create(@Caller() caller: Principal, @Body() dto: CreateAgentDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, record } = await this.register.execute(caller.tenant, dto);
    reply.status(created ? 201 : 200);
    return { success: true, agent: presentAgent(record) };
  }

  @Get()
  @ApiOperation({ summary: 'The latest version of each agent, by name (keyset pagination)' })
  @ApiErrors(Fails.invalidRequest, Fails.invalidCursor)
  @ApiSuccess(200, 'A page of agents, the latest version of each', { agents: many('Agent'), next_cursor: NEXT_CURSOR })
  async list(@Caller() caller: Principal, @Query() query: PageQuery) {
    const { items, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, agents: items.map(presentAgent), next_cursor: nextCursor };
  }

  @Get(':name')
  @ApiErrors(NOT_FOUND)
  @ApiSuccess(200, 'The latest version', { agent: one('Agent') })
  async latest(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, agent: presentAgent(await this.query.latest(caller.tenant, name)) };
  }

  @Get(':name/versions')
  @ApiErrors(NOT_FOUND)
  @ApiOperation({ summary: 'Every version of an agent, newest first' })
  @ApiSuccess(200, 'Every version, newest first', { agents: many('Agent') })
  async versions(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, agents: (await this.query.versions(caller.tenant, name)).map(presentAgent) };
  }

  @Get(':name/versions/:version')
  @ApiErrors(VERSION_NOT_FOUND)
  @ApiSuccess(200, 'That version', { agent: one('Agent') })
  async version(@Caller() caller: Principal, @Param('name') name: string, @Param('version') version: string) {
    return { success: true, agent: presentAgent(await this.query.version(caller.tenant, name, version)) };
  }
}
