import { Injectable, Logger } from '@nestjs/common';
import {
  agentNodeCount,
  RateLimitedError,
  retryAfterSeconds,
  runTier,
  tierBucket,
  type BucketLimit,
  type Dag,
  type Principal,
  type RateLimitLayer,
} from '@steadfast/domain';
import { RateLimitRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';
import { MetricsService } from '../metrics/metrics.service';

interface LayeredBucket extends BucketLimit {
  key: string;
  layer: RateLimitLayer;
}

/** The three rate-limit layers, each a token bucket in Postgres; a no-op unless RATE_LIMIT_ENABLED. */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    private readonly buckets: RateLimitRepository,
    private readonly config: ApiConfig,
    private readonly metrics: MetricsService,
  ) {}

  get enabled(): boolean {
    return this.config.values.rateLimit.enabled;
  }

  /**
   * Every request: the caller's own bucket (its API key, or its IP without one), then the global one.
   * Keys are principals, not strings a client chooses, so one client cannot spend another's budget.
   */
  /** `keyId`: the caller's API key, or null (an open route, or authentication disabled): then its IP counts. */
  async checkRequest(keyId: string | null, ip: string): Promise<void> {
    const limits = this.config.values.rateLimit;
    await this.check([
      { layer: 'key', key: keyId ? `key:${keyId}` : `ip:${ip}`, capacity: limits.burst, perSec: limits.perSec },
      { layer: 'global', key: 'global', capacity: limits.globalBurst, perSec: limits.globalPerSec },
    ]);
  }

  /**
   * Run creation, priced by the resolved DAG's agent nodes and counted per tenant: agent runs cost the
   * tenant money, and a tenant should not multiply its allowance by minting keys.
   */
  async checkRunCreation(dag: Dag, principal: Principal): Promise<void> {
    const tier = runTier(agentNodeCount(dag), this.config.values.rateLimit.tiers);
    await this.check([{ layer: `tier_${tier}`, key: `tier:${tier}:${principal.tenant}`, ...tierBucket(tier, this.config.values.rateLimit.tiers) }]);
  }

  private async check(buckets: LayeredBucket[]): Promise<void> {
    if (!this.enabled) return;
    let refusal;
    try {
      refusal = await this.buckets.take(buckets);
    } catch (err) {
      // Fail open: a limiter that cannot reach Postgres must not turn every request into an error; the
      // request's own database work answers 503 if Postgres is really gone.
      this.logger.warn({ err }, 'rate limit check failed; letting the request through');
      return;
    }
    if (!refusal) return;
    const bucket = buckets[refusal.index];
    this.metrics.rateLimitHits.inc({ layer: bucket.layer });
    throw new RateLimitedError(bucket.layer, retryAfterSeconds(refusal.tokens, bucket.perSec));
  }
}
