import { BadRequestException, Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTerminalStatus, type Principal, type RunEvent } from '@steadfast/domain';
import { AcceptsStreamToken } from '../auth/accepts-stream-token.decorator';
import { Caller } from '../auth/caller.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiErrors, Fails } from '../common/api-errors.decorator';
import { ApiConfig } from '../config/api-config';
import { MetricsService } from '../metrics/metrics.service';
import { RunQueryService } from '../runs/run-query.service';
import { RunEventHub } from './run-event-hub';
import { RunEventSource } from './run-event-source';
import { SseStream } from './sse-stream';

const LAST_EVENT_ID = /^\d{1,9}$/;

function parseLastEventId(header: string | undefined, query: string | undefined): number {
  const raw = header ?? query;
  if (raw === undefined || raw === '') return 0;
  if (!LAST_EVENT_ID.test(raw)) throw new BadRequestException({ error: 'Invalid Last-Event-ID', details: ['Last-Event-ID must be a non-negative integer'] });
  return Number(raw);
}

@ApiTags('runs')
@ApiBearerAuth()
@RequireScope('runs:read')
@Controller('api/runs')
export class RunStreamController {
  constructor(
    private readonly runs: RunQueryService,
    private readonly hub: RunEventHub,
    private readonly source: RunEventSource,
    private readonly metrics: MetricsService,
    private readonly config: ApiConfig,
  ) {}

  @Get(':id/logs/stream')
  @AcceptsStreamToken()
  @ApiOperation({ summary: "Server-Sent Events: the run's events in order, resumable with Last-Event-ID, closed after `final`" })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event seq', schema: { type: 'string', pattern: LAST_EVENT_ID.source } })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    description: 'Last-Event-ID for clients that cannot set headers',
    schema: { type: 'string', pattern: LAST_EVENT_ID.source },
  })
  @ApiResponse({
    status: 200,
    description: "An event stream: `connected`, then the run's events, each with its seq as the SSE id",
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 204, description: 'The run has ended and Last-Event-ID is past its `final` event: nothing more will come' })
  @ApiErrors(Fails.streamTokenRefused, Fails.badRequest('Last-Event-ID (or lastEventId) is not a non-negative integer'), Fails.runNotFound)
  async stream(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const cursor = parseLastEventId(lastEventIdHeader, lastEventIdQuery);
    // Another tenant's run is refused like an unknown one, before the stream opens.
    const run = await this.runs.get(caller.tenant, id);
    const closedRun = isTerminalStatus(run.status) ? await this.source.readStored(id, cursor, 500) : undefined;
    if (closedRun && closedRun.events.length === 0) {
      // Resumed past `final`: 204 is how SSE tells an EventSource to stop reconnecting.
      await reply.status(204).send();
      return;
    }

    reply.hijack();
    const sse = new SseStream(reply.raw);
    sse.open();
    this.metrics.sseOpened.inc();
    this.metrics.sseActive.inc();
    sse.sendUnnumbered({ type: 'connected', run_id: id, status: run.status, resume_after: cursor, timestamp: new Date().toISOString() }, 2000);

    const subscriber = {
      cursor,
      deliver: (events: RunEvent[], done: boolean) => {
        for (const event of events) {
          if (event.seq <= subscriber.cursor) continue;
          subscriber.cursor = event.seq;
          sse.sendEvent(event);
          this.metrics.sseMessages.inc();
        }
        if (done) sse.end();
      },
    };
    let unsubscribe: () => void = () => undefined;
    const untrack = this.hub.track(sse);
    const keepalive = setInterval(() => sse.comment('keepalive'), this.config.values.stream.keepaliveMs);
    const closed = new Promise<void>((resolve) => {
      reply.raw.once('close', resolve);
      request.raw.once('close', resolve);
    });

    if (closedRun) {
      // A closed run's events are all in Postgres: no poller needed.
      subscriber.deliver(closedRun.events, closedRun.done);
      if (!closedRun.done) await this.replayStored(id, subscriber);
      sse.end();
    } else {
      unsubscribe = await this.hub.subscribe(id, subscriber);
    }
    await closed;
    clearInterval(keepalive);
    unsubscribe();
    untrack();
    this.metrics.sseClosed.inc();
    this.metrics.sseActive.dec();
  }

  private async replayStored(runId: string, subscriber: { cursor: number; deliver: (e: RunEvent[], done: boolean) => void }) {
    for (;;) {
      const page = await this.source.readStored(runId, subscriber.cursor, 500);
      subscriber.deliver(page.events, page.done);
      if (page.done || page.events.length === 0) return;
    }
  }
}
