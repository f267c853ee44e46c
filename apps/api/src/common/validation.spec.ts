import { capDetails } from './validation';

describe('capDetails', () => {
  it('keeps a short list as it is', () => {
    expect(capDetails(['a', 'b'], 2)).toEqual(['a', 'b']);
  });

  it('cuts a long list and says how many problems were left out', () => {
    const sut = capDetails(Array.from({ length: 1500 }, (_, i) => `property p${i} should not exist`));
    expect(sut).toHaveLength(21);
    expect(sut[20]).toBe('... and 1480 more problems');
  });
});
