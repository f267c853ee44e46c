import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, NEXT_CURSOR, one } from '../common/api-success.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { PageQuery } from '../common/page.query';
import { CreateWorkflowDto } from './dto/create-workflow.dto';
import { PublishDefinitionUseCase } from './publish-definition.use-case';
import { DefinitionQueryService } from './definition-query.service';
import { presentDefinition } from './definition.presenter';

const NOT_FOUND = Fails.notFound("no definition of this name in the caller's tenant");
const VERSION_NOT_FOUND = Fails.notFound("no definition of this name in the caller's tenant, or it has no such version");

@ApiTags('workflows')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/workflows')
export class DefinitionsController {
  constructor(
    private readonly publish: PublishDefinitionUseCase,
    private readonly query: DefinitionQueryService,
  ) {}

  @Post()
  @RequireScope('workflows:write')
  @ApiOperation({ summary: 'Store a new version of a named definition (201), or return the version with identical content (200)' })
  @ApiSuccess(201, 'A new version was stored', { workflow: one('Workflow') })
  @ApiSuccess(200, 'The latest version already has identical content: it is returned, nothing is stored', { workflow: one('Workflow') })
  @ApiErrors(...JSON_BODY_FAILURES, Fails.unprocessable('the definition breaks a DAG rule (each problem names its node)'))
  async create(@Caller() caller: Principal, @Body() dto: CreateWorkflowDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { created, record } = await this.publish.execute(caller.tenant, dto);
    reply.status(created ? 201 : 200);
    return { success: true, workflow: presentDefinition(record) };
  }

  @Get()
  @ApiOperation({ summary: 'The latest version of each definition, by name (keyset pagination)' })
  @ApiErrors(Fails.invalidRequest, Fails.invalidCursor)
  @ApiSuccess(200, 'A page of definitions, the latest version of each', { workflows: many('Workflow'), next_cursor: NEXT_CURSOR })
  async list(@Caller() caller: Principal, @Query() query: PageQuery) {
    const { items, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, workflows: items.map(presentDefinition), next_cursor: nextCursor };
  }

  @Get(':name')
  @ApiErrors(NOT_FOUND)
  @ApiOperation({ summary: 'The latest version of a definition' })
  @ApiSuccess(200, 'The latest version', { workflow: one('Workflow') })
  async latest(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, workflow: presentDefinition(await this.query.latest(caller.tenant, name)) };
  }

  @Get(':name/versions')
  @ApiErrors(NOT_FOUND)
  @ApiOperation({ summary: 'Every version of a definition, newest first' })
  @ApiSuccess(200, 'Every version, newest first', { workflows: many('Workflow') })
  async versions(@Caller() caller: Principal, @Param('name') name: string) {
    return { success: true, workflows: (await this.query.versions(caller.tenant, name)).map(presentDefinition) };
  }

  @Get(':name/versions/:version')
  @ApiErrors(VERSION_NOT_FOUND)
  @ApiSuccess(200, 'That version', { workflow: one('Workflow') })
  async version(@Caller() caller: Principal, @Param('name') name: string, @Param('version') version: string) {
    return { success: true, workflow: presentDefinition(await this.query.version(caller.tenant, name, version)) };
  }
}
