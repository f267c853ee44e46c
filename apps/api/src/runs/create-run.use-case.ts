import { Injectable } from '@nestjs/common';
import { monotonicFactory } from 'ulid';
import { DomainError, DomainErrorCode, type Principal } from '@steadfast/domain';
import { RunRepository, type NewRun, type RunEntity } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { RateLimiter } from '../limits/rate-limiter';
import { MetricsService } from '../metrics/metrics.service';
import type { CreateRunDto } from './dto/create-run.dto';
import { requestHash } from './request-hash';
import { RunDefinitionResolver } from './run-definition.resolver';
import { RunStarter } from './run-starter';

const ulid = monotonicFactory();

export interface CreateRunResult {
  run: RunEntity;
  idempotent: boolean;
}

/**
 * POST /api/runs: resolve the definition, check the caller's run-creation tier (priced by the resolved
 * DAG), insert run + idempotency key atomically, optionally start.
 */
@Injectable()
export class CreateRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly starter: RunStarter,
    private readonly config: ApiConfig,
    private readonly metrics: MetricsService,
    private readonly definitions: RunDefinitionResolver,
    private readonly limiter: RateLimiter,
  ) {}

  /** The run, its idempotency token and the definitions it names all belong to the caller's tenant. */
  async execute(principal: Principal, dto: CreateRunDto, idempotencyHeader?: string): Promise<CreateRunResult> {
    const tenant = principal.tenant;
    const token = this.resolveToken(dto, idempotencyHeader);
    const { dag, workflow } = await this.definitions.resolve(tenant, dto);
    await this.limiter.checkRunCreation(dag, principal);
    const newRun: NewRun = {
      id: `run-${ulid()}`,
      tenant,
      name: dto.name,
      status: 'created',
      input: dto.input ?? null,
      tags: dto.tags ?? [],
      clientToken: token ?? null,
      dag,
      workflowName: workflow?.name ?? null,
      workflowVersion: workflow?.version ?? null,
      workflowSha256: workflow?.sha256 ?? null,
    };
    // Without a token nothing needs deciding first: the starter stores the run as it starts it.
    if (dto.start && !token) return { run: await this.createAndStart(newRun), idempotent: false };

    const hash = requestHash(dto);
    const created = await this.runs.create(newRun, token ? { token, requestHash: hash, ttlMs: this.config.values.limits.idempotencyTtlMs } : undefined);

    if (created.kind === 'existing') {
      if (created.requestHash !== hash) {
        throw new DomainError(DomainErrorCode.IdempotencyMismatch, 'Idempotency key reused with a different request body', [
          `client_token "${token}" was first used with a different request; use a new token for a new run`,
        ]);
      }
      this.metrics.idempotencyHits.inc();
      let run = await this.runs.findById(created.runId);
      if (!run) throw new DomainError(DomainErrorCode.RunNotFound, 'Run not found');
      // A retried create-and-start whose first attempt died before starting still gets its run started.
      if (dto.start && run.status === 'created') run = (await this.starter.start({ run, retry: true })).run ?? run;
      return { run, idempotent: true };
    }

    this.metrics.runsTotal.inc();
    const run = dto.start ? ((await this.starter.start({ run: created.run })).run ?? created.run) : created.run;
    return { run, idempotent: false };
  }

  private async createAndStart(newRun: NewRun): Promise<RunEntity> {
    const { run } = await this.starter.start({ run: newRun, insert: true });
    this.metrics.runsTotal.inc();
    // Nobody else knows this run yet, so it comes back started or queued, never unchanged.
    return run as RunEntity;
  }

  private resolveToken(dto: CreateRunDto, header?: string): string | undefined {
    if (header === undefined) return dto.client_token;
    if (!/^[A-Za-z0-9_-]{8,128}$/.test(header)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', [
        'Idempotency-Key header must be 8-128 characters of letters, digits, "_" and "-"',
      ]);
    }
    if (dto.client_token !== undefined && dto.client_token !== header) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', ['client_token and the Idempotency-Key header differ; send one token']);
    }
    return header;
  }
}
