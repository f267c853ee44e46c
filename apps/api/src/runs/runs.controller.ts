import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Principal } from '@steadfast/domain';
import { AcceptsStreamToken } from '../auth/accepts-stream-token.decorator';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSuccess, many, NEXT_CURSOR, one } from '../common/api-success.decorator';
import { anyJson, nullableRef } from '../openapi/schema-parts';
import { ApiErrors, Fails, JSON_BODY_FAILURES, RAW_BODY_FAILURES } from '../common/api-errors.decorator';
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
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Idempotency token, as client_token: a repeat with the same body within IDEMP_TTL_MS returns the original run',
    schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
  })
  @ApiSuccess(201, 'The run was created (and started, or queued, with `start: true`)', { run: one('Run') })
  @ApiSuccess(200, 'The run first created with this idempotency token and body', { run: one('Run'), idempotent: { type: 'boolean', enum: [true] } })
  @ApiErrors(
    ...JSON_BODY_FAILURES,
    Fails.unprocessable(
      'the workflow is unknown or invalid, the input breaks its input_schema, the Idempotency-Key header is malformed or differs from ' +
        'client_token, or an idempotency token is reused with a different body',
    ),
    Fails.limited("rate limiting is on and the tenant's run-creation budget for the run's tier (by its agent nodes) is spent"),
    Fails.temporalUnavailable,
  )
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
  @ApiErrors(Fails.invalidRequest, Fails.invalidCursor)
  @ApiSuccess(200, 'A page of runs', { runs: many('Run'), next_cursor: NEXT_CURSOR })
  async list(@Caller() caller: Principal, @Query() query: ListRunsQuery) {
    const { runs, nextCursor } = await this.query.list(caller.tenant, query);
    return { success: true, runs: runs.map((run) => this.presenter.present(run)), next_cursor: nextCursor };
  }

  @Get(':id')
  @ApiErrors(Fails.runNotFound)
  @ApiSuccess(200, 'The run', { run: one('Run') })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.query.get(caller.tenant, id)) };
  }

  @Post(':id/start')
  @RequireScope('runs:write')
  @HttpCode(200)
  @ApiErrors(...RAW_BODY_FAILURES, Fails.runNotFound, Fails.conflict('the run is already started, queued or canceled'), Fails.temporalUnavailable)
  @ApiSuccess(200, "The run, started (running) or queued behind its tenant's running runs", { run: one('Run') })
  async start(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.startRun.execute(caller.tenant, id)) };
  }

  @Post(':id/cancel')
  @RequireScope('runs:write')
  @HttpCode(202)
  @ApiErrors(...RAW_BODY_FAILURES, Fails.runNotFound, Fails.conflict('the run is already canceled or finished'), Fails.temporalUnavailable)
  @ApiSuccess(202, 'Cancellation requested: the run ends as canceled once its workflow stops', { run: one('Run') })
  async cancel(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, run: this.presenter.present(await this.cancelRun.execute(caller.tenant, id)) };
  }

  @Get(':id/nodes')
  @ApiOperation({ summary: "Each node's status, attempts, timing, output and error, folded from the run's events" })
  @ApiErrors(Fails.runNotFound)
  @ApiSuccess(200, "The run's nodes", { nodes: many('NodeState') })
  async listNodes(@Caller() caller: Principal, @Param('id') id: string) {
    return { success: true, nodes: await this.nodesView.nodes(caller.tenant, id) };
  }

  @Get(':id/nodes/:nodeId/output')
  @ApiOperation({ summary: "A completed node's output in full, loaded from the output store when it is stored by reference" })
  @ApiErrors(Fails.notFound("no run with this id in the caller's tenant, no node with this id in the run, or the node has no output (yet)"))
  @ApiSuccess(200, "The node's output", {
    output: anyJson('The output, any JSON value'),
    output_ref: nullableRef('OutputRef', 'Where the output is stored, when by reference'),
  })
  async nodeOutput(@Caller() caller: Principal, @Param('id') id: string, @Param('nodeId') nodeId: string) {
    return { success: true, ...(await this.nodesView.output(caller.tenant, id, nodeId)) };
  }

  @Get(':id/events')
  @AcceptsStreamToken()
  @ApiOperation({ summary: "A page of the run's events with seq greater than `after`" })
  @ApiErrors(Fails.streamTokenRefused, Fails.invalidRequest, Fails.runNotFound)
  @ApiSuccess(200, 'A page of events', {
    events: many('RunEvent'),
    next_after: { type: 'integer', description: 'Pass as `after` for the next page' },
    done: { type: 'boolean', description: 'The run has ended and every event was returned' },
  })
  async listEvents(@Caller() caller: Principal, @Param('id') id: string, @Query() query: ListEventsQuery) {
    await this.query.get(caller.tenant, id);
    const page = await this.events.read(id, query.after ?? 0, query.limit ?? 100);
    const last = page.events[page.events.length - 1];
    return { success: true, events: page.events, next_after: last ? last.seq : (query.after ?? 0), done: page.done };
  }
}
