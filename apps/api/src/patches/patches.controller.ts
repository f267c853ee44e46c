import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
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
  async create(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: ProposePatchDto) {
    return { success: true, patch: presentPatch(await this.propose.execute(caller.tenant, id, dto)) };
  }

  @Get('patches')
  @ApiOperation({ summary: 'Every patch proposed to the run, oldest first, with its outcome' })
  async list(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, patches: (await this.patches.list(caller.tenant, id)).map(presentPatch) };
  }

  @Get('patches/:patchId')
  async get(@Caller() caller: Principal, @Param('id') id: string, @Param('patchId') patchId: string) {
    return { success: true, patch: presentPatch(await this.patches.get(caller.tenant, id, patchId)) };
  }

  @Get('definition')
  @ApiOperation({ summary: 'The graph the run executes now, with its revision (patches applied) and sha256' })
  async definition(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, definition: await this.definitions.definition(await this.runs.get(caller.tenant, id)) };
  }
}
