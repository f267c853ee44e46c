import { Injectable } from '@nestjs/common';
import type { Principal } from '@steadfast/domain';
import { StreamTokenRepository } from '@steadfast/persistence';
import { RunQueryService } from '../runs/run-query.service';
import { STREAM_TOKEN_DEFAULT_TTL_SECONDS } from './dto/create-stream-token.dto';

/**
 * A stream token for one run of the caller's tenant, acting for the caller's key: what a browser puts
 * in an EventSource URL instead of the key itself (ADR 0020).
 */
@Injectable()
export class IssueStreamTokenUseCase {
  constructor(
    private readonly runs: RunQueryService,
    private readonly tokens: StreamTokenRepository,
  ) {}

  async execute(caller: Principal, runId: string, ttlSeconds = STREAM_TOKEN_DEFAULT_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
    // Another tenant's run is refused like an unknown one, as on every run route.
    const run = await this.runs.get(caller.tenant, runId);
    return this.tokens.issue({ runId: run.id, tenant: caller.tenant, keyId: caller.keyId, ttlSeconds });
  }
}
