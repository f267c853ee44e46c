import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@steadfast/domain';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { CancelRunUseCase } from './cancel-run.use-case';
import { CreateRunUseCase } from './create-run.use-case';
import { CreateRunDto } from './dto/create-run.dto';
import { ListEventsQuery, ListRunsQuery } from './dto/list-runs.query';
import { RunPresenter } from './run-presenter';
import { RunNodesService } from './run-nodes.service';
import { RunQueryService } from './run-query.service';
import { StartRunUseCase } from './start-run.use-case';
import { RunEventSource } from '../streaming/run-event-source';

@ApiTags('runs')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly createRun: CreateRunUseCase,
    private readonly startRun: StartRunUseCase,
    private readonly cancelRun: CancelRunUseCase,
    private readonly query: RunQueryService,
    private readonly events: RunEventSource,
    private readonly presenter: RunPresenter,
    private readonly nodesView: RunNodesService,
  ) {}

  @Post()
  @RequireScope('runs:write')
  @ApiOperation({ summary: 'Create a run (201), or return the original for a repeated idempotency token (200)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(
    @Caller() caller: Principal,
    @Body() dto: CreateRunDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { run, idempotent } = await this.createRun.execute(caller, dto, key);
    reply.status(idempotent ? 200 : 201);
    return idempotent ? { success: true, run: this.presenter.present(run), idempotent: true } : { success: true, run: this.presenter.present(run) };
  }

  @Get()
  @ApiOperation({ summary: 'List runs, newest first (keyset pagination)' })
  async list(@Caller() caller: Principal, @Query() query: ListRunsQuery) {
    const { runs, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, runs: runs.map((run) => this.presenter.present(run)), next_cursor: nextCursor };
  }

  @Get(':id')
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.query.get(caller.tenant, id)) };
  }

  @Post(':id/start')
  @RequireScope('runs:write')
  @HttpCode(200)
  async start(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.startRun.execute(caller.tenant, id)) };
  }

  @Post(':id/cancel')
  @RequireScope('runs:write')
  @HttpCode(202)
  async cancel(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.cancelRun.execute(caller.tenant, id)) };
  }

  @Get(':id/nodes')
  @ApiOperation({ summary: "Each node's status, attempts, timing, output and error, folded from the run's events" })
  async listNodes(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, nodes: await this.nodesView.nodes(caller.tenant, id) };
  }

  @Get(':id/nodes/:nodeId/output')
  @ApiOperation({ summary: "A completed node's output in full, loaded from the output store when it is stored by reference" })
  async nodeOutput(@Caller() caller: Principal, @Param('id') id: string, @Param('nodeId') nodeId: string) {
    return { success: true, ...(await this.nodesView.output(caller.tenant, id, nodeId)) };
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A page of the run's events with seq greater than `after`" })
  async listEvents(@Caller() caller: Principal, @Param('id') id: string, @Query() query: ListEventsQuery) {
    await this.query.get(caller.tenant, id);
    const page = await this.events.read(id, query.after ?? 0, query.limit ?? 100);
    const last = page.events[page.events.length - 1];
    return { success: true, events: page.events, next_after: last ? last.seq : (query.after ?? 0), done: page.done };
  }
}
