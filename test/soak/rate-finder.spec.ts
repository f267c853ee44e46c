import { searchSustainedRate } from './rate-finder';

const options = { fromRate: 4, growth: 1.5, maxRate: 200, refineSteps: 2 };

/** A stack that keeps up with anything up to `capacity`, except on the calls listed in `glitches`. */
function stack(capacity: number, glitches: number[] = []) {
  const tried: number[] = [];
  const measure = async (rate: number) => {
    tried.push(rate);
    return { rate, sustained: rate <= capacity && !glitches.includes(tried.length) };
  };
  return { tried, measure };
}

describe('searchSustainedRate', () => {
  it('grows by half each step, then halves the gap to the first rate that falls behind twice', async () => {
    const { tried, measure } = stack(15);
    const found = await searchSustainedRate(options, measure);
    // 4, 6, 9, 13.5 keep up; 20.5 fails twice; 17 fails twice; 15.5 fails twice.
    expect(tried).toEqual([4, 6, 9, 13.5, 20.5, 20.5, 17, 17, 15.5, 15.5]);
    expect(found.sustainedPerS).toBe(13.5);
    expect(found.steps).toHaveLength(tried.length);
  });

  it('does not stop at a rate that failed once and then kept up', async () => {
    const { tried, measure } = stack(30, [3]);
    const found = await searchSustainedRate(options, measure);
    expect(tried.slice(0, 5)).toEqual([4, 6, 9, 9, 13.5]);
    expect(found.sustainedPerS).toBeGreaterThanOrEqual(25.5);
    expect(found.sustainedPerS).toBeLessThanOrEqual(30);
  });

  it('answers 0 when not even the first rate is kept up with', async () => {
    const { measure } = stack(1);
    const found = await searchSustainedRate({ ...options, refineSteps: 0 }, measure);
    expect(found.sustainedPerS).toBe(0);
  });

  it('stops at the highest rate it may try', async () => {
    const { tried, measure } = stack(1000);
    const found = await searchSustainedRate({ ...options, maxRate: 10 }, measure);
    expect(tried).toEqual([4, 6, 9]);
    expect(found.sustainedPerS).toBe(9);
  });
});
