import type { Dag } from '../dag/dag.types';
import { DomainError, DomainErrorCode } from '../errors';

/** Which limit refused a request: the label of `rate_limit_hits_total` and the `layer` of the 429 body. */
export type RateLimitLayer = 'global' | 'key' | `tier_${RunTier}`;

/**
 * A token bucket: `capacity` requests at once, refilled at `perSec`. A bucket refilled to capacity is the
 * same as no bucket at all, which is what lets idle ones be deleted.
 */
export interface BucketLimit {
  capacity: number;
  perSec: number;
}

/** Run creation is priced by how many model-calling nodes the run has (seeds/004's workflow inspector). */
export type RunTier = 'simple' | 'standard' | 'heavy';

export interface RunTierLimits {
  simplePerMin: number;
  standardPerMin: number;
  heavyPerMin: number;
  /** The agent count from which a run is heavy; fewer (but at least one) is standard. */
  heavyFromAgents: number;
}

export function agentNodeCount(dag: Dag): number {
  return dag.nodes.filter((node) => node.type === 'agent').length;
}

export function runTier(agents: number, limits: Pick<RunTierLimits, 'heavyFromAgents'>): RunTier {
  if (agents === 0) return 'simple';
  return agents >= limits.heavyFromAgents ? 'heavy' : 'standard';
}

/** A minute's worth as the burst: a client may spend its per-minute allowance at once, then waits. */
export function tierBucket(tier: RunTier, limits: RunTierLimits): BucketLimit {
  const perMin = { simple: limits.simplePerMin, standard: limits.standardPerMin, heavy: limits.heavyPerMin }[tier];
  return { capacity: perMin, perSec: perMin / 60 };
}

/**
 * Whole seconds until a bucket holding `tokens` has one again. At least 1: `Retry-After: 0` invites an
 * immediate retry that is refused again.
 */
export function retryAfterSeconds(tokens: number, perSec: number): number {
  const missing = Math.max(0, 1 - tokens);
  // Float noise (0.30000000000000004 missing at 0.1/s) must not add a second.
  return Math.max(1, Math.ceil(Number((missing / perSec).toFixed(6))));
}

export class RateLimitedError extends DomainError {
  constructor(
    readonly layer: RateLimitLayer,
    readonly retryAfter: number,
  ) {
    super(DomainErrorCode.RateLimited, 'Rate limit exceeded');
  }
}
