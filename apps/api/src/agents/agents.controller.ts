import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageQuery } from '../common/page.query';
import { AgentQueryService } from './agent-query.service';
import { presentAgent } from './agent.presenter';
import { CreateAgentDto } from './dto/create-agent.dto';
import { RegisterAgentUseCase } from './register-agent.use-case';

@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly register: RegisterAgentUseCase,
    private readonly query: AgentQueryService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a new version of an agent (201), or return the version with identical settings (200)' })
  async create(@Body() dto: CreateAgentDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, record } = await this.register.execute(dto);
    reply.status(created ? 201 : 200);
    return { success: true, agent: presentAgent(record) };
  }

  @Get()
  @ApiOperation({ summary: 'The latest version of each agent, by name (keyset pagination)' })
  async list(@Query() query: PageQuery) {
    const { items, nextCursor } = await this.query.list(query);
    return { success: true, agents: items.map(presentAgent), next_cursor: nextCursor };
  }

  @Get(':name')
  async latest(@Param('name') name: string) {
    return { success: true, agent: presentAgent(await this.query.latest(name)) };
  }

  @Get(':name/versions')
  @ApiOperation({ summary: 'Every version of an agent, newest first' })
  async versions(@Param('name') name: string) {
    return { success: true, agents: (await this.query.versions(name)).map(presentAgent) };
  }

  @Get(':name/versions/:version')
  async version(@Param('name') name: string, @Param('version') version: string) {
    return { success: true, agent: presentAgent(await this.query.version(name, version)) };
  }
}
