import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    [1500, 1500],
    [0, 0],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1.5h', 5_400_000],
    [' 250ms ', 250],
    ['100', 100],
  ])('reads %j as %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['soon'], [''], ['-5s'], [null], [{}], [[]]])('refuses %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});
