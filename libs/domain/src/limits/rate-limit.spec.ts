import type { Dag } from '../dag/dag.types';
import { agentNodeCount, retryAfterSeconds, runTier, tierBucket } from './rate-limit';

const limits = { simplePerMin: 100, standardPerMin: 20, heavyPerMin: 5, heavyFromAgents: 3 };

describe('run tiers', () => {
  it.each([
    [0, 'simple'],
    [1, 'standard'],
    [2, 'standard'],
    [3, 'heavy'],
    [12, 'heavy'],
  ])('puts a run with %i agent nodes in the %s tier', (agents, tier) => {
    expect(runTier(agents, limits)).toBe(tier);
  });

  it('moves the heavy boundary when configured', () => {
    expect(runTier(2, { heavyFromAgents: 2 })).toBe('heavy');
    expect(runTier(1, { heavyFromAgents: 2 })).toBe('standard');
  });

  it('counts agent nodes only', () => {
    const dag = {
      nodes: [
        { id: 'a', type: 'agent', config: {} },
        { id: 'b', type: 'echo', config: {} },
        { id: 'c', type: 'agent', config: {} },
      ],
    } as unknown as Dag;
    expect(agentNodeCount(dag)).toBe(2);
  });

  it('allows a minute of a tier at once and refills it over the minute', () => {
    expect(tierBucket('heavy', limits)).toEqual({ capacity: 5, perSec: 5 / 60 });
    expect(tierBucket('simple', limits)).toEqual({ capacity: 100, perSec: 100 / 60 });
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    // tokens left, refill per second, seconds to wait
    [0, 1, 1],
    [0, 50, 1],
    [0.5, 1, 1],
    [0, 0.5, 2],
    [0.25, 0.1, 8],
    [0, 5 / 60, 12],
    [0.7, 0.1, 3],
  ])('with %f tokens at %f/s says %i', (tokens, perSec, expected) => {
    expect(retryAfterSeconds(tokens, perSec)).toBe(expected);
  });

  it('never says 0, even when a token is about to arrive', () => {
    expect(retryAfterSeconds(0.999999, 1000)).toBe(1);
    expect(retryAfterSeconds(1, 1)).toBe(1);
  });
});
