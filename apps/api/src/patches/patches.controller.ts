import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, one } from '../common/api-success.decorator';
import { ApiErrors, Fails, JSON_BODY_FAILURES } from '../common/api-errors.decorator';
import { RunQueryService } from '../runs/run-query.service';
import { ProposePatchDto } from './dto/propose-patch.dto';
import { PatchQueryService } from './patch-query.service';
import { presentPatch } from './patch.presenter';
import { ProposePatchUseCase } from './propose-patch.use-case';
import { RunDefinitionReader } from './run-definition.reader';

@ApiTags('patches')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/runs/:id')
export class PatchesController {
  constructor(
    private readonly propose: ProposePatchUseCase,
    private readonly patches: PatchQueryService,
    private readonly runs: RunQueryService,
    private readonly definitions: RunDefinitionReader,
  ) {}

  @Post('patches')
  @RequireScope('runs:write')
  @HttpCode(202)
  @ApiOperation({ summary: "Propose a JSON Patch to an active run's graph; checked now (422) and again by the workflow when it arrives" })
  @ApiErrors(
    ...JSON_BODY_FAILURES,
    Fails.unprocessable('an operation is not valid JSON Patch, or the patched graph breaks a DAG rule or a patch rule (each problem is in details)'),
    Fails.runNotFound,
    Fails.conflict('the run is not active: only a running run, or one waiting for approval, can be patched'),
    Fails.temporalUnavailable,
  )
  @ApiSuccess(202, 'The patch is stored and sent to the run; its outcome comes later', { patch: one('Patch') })
  async create(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: ProposePatchDto) {
    return { success: true, patch: presentPatch(await this.propose.execute(caller.tenant, id, dto)) };
  }

  @Get('patches')
  @ApiOperation({ summary: 'Every patch proposed to the run, oldest first, with its outcome' })
  @ApiErrors(Fails.runNotFound)
  @ApiSuccess(200, 'The patches, oldest first', { patches: many('Patch') })
  async list(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, patches: (await this.patches.list(caller.tenant, id)).map(presentPatch) };
  }

  @Get('patches/:patchId')
  @ApiErrors(Fails.notFound("no run with this id in the caller's tenant, or no patch with this id proposed to it"))
  @ApiSuccess(200, 'The patch', { patch: one('Patch') })
  async get(@Caller() caller: Principal, @Param('id') id: string, @Param('patchId') patchId: string) {
    return { success: true, patch: presentPatch(await this.patches.get(caller.tenant, id, patchId)) };
  }

  @Get('definition')
  @ApiOperation({ summary: 'The graph the run executes now, with its revision (patches applied) and sha256' })
  @ApiErrors(Fails.runNotFound, Fails.temporalUnavailable)
  @ApiSuccess(200, 'The current graph', { definition: one('RunDefinition') })
  async definition(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, definition: await this.definitions.definition(await this.runs.get(caller.tenant, id)) };
  }
}
