import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { publicConfig } from '@steadfast/config';
import { Public } from '../auth/require-scope.decorator';
import { ApiPublicErrors } from '../common/api-errors.decorator';
import { ApiConfig } from '../config/api-config';
import { TemporalClient } from '../infrastructure/temporal.module';
import { BacklogMonitor } from '../metrics/backlog.monitor';
import { backlogReport } from './backlog.report';
import { HealthResponseDto } from './dto/health-response.dto';
import { ReadyResponseDto } from './dto/ready-response.dto';

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly config: ApiConfig,
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalClient,
    private readonly backlog: BacklogMonitor,
  ) {}

  @Get(['health', 'healthz'])
  @ApiOperation({
    summary: 'Liveness: the process answers',
    description:
      "Also reports the run task queue's backlog (cached for BACKLOG_CHECK_INTERVAL_MS), with a warning when work waits longer than " +
      'BACKLOG_WARN_AGE_MS. Still 200 when Temporal or Postgres do not answer: the backlog then carries an error and nulls.',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'The process answers; `backlog` says what waits on the run task queue' })
  @ApiPublicErrors()
  async health(): Promise<HealthResponseDto> {
    const snapshot = await this.backlog.snapshot();
    return {
      ok: true,
      version: this.config.values.version,
      time: new Date().toISOString(),
      config: publicConfig(this.config.values),
      backlog: backlogReport(this.backlog.taskQueue, snapshot, this.config.values.backlog.warnAgeMs),
    };
  }

  @Get(['ready', 'readyz'])
  @ApiOperation({ summary: 'Readiness: 200 only when Postgres and Temporal answer' })
  @ApiOkResponse({ type: ReadyResponseDto, description: 'Postgres and Temporal answer' })
  @ApiResponse({ status: 503, type: ReadyResponseDto, description: 'Postgres or Temporal does not answer in time: `error` and `checks` say which' })
  @ApiPublicErrors()
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      this.check(() => this.dataSource.query('SELECT 1')),
      this.check(() => this.temporal.ping(CHECK_TIMEOUT_MS)),
    ]);
    const checks = { postgres, temporal };
    const failing = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name]) => name);
    const body =
      failing.length === 0
        ? { ready: true, timestamp: new Date().toISOString(), checks }
        : { ready: false, error: `Not ready: ${failing.join(', ')} unavailable`, timestamp: new Date().toISOString(), checks };
    await reply.status(failing.length === 0 ? 200 : 503).send(body);
  }

  private async check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
    try {
      await withTimeout(probe(), CHECK_TIMEOUT_MS);
      return { ok: true };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }
}
