import { schemaProblems, schemaViolations } from './json-schema';

describe('schemaProblems', () => {
  it('accepts a schema that compiles', () => {
    expect(schemaProblems({ type: 'object', properties: { url: { type: 'string', format: 'uri' } }, required: ['url'] })).toEqual([]);
  });

  it('refuses a non-object and a schema that does not compile', () => {
    expect(schemaProblems('string')).toEqual(['must be a JSON Schema object']);
    expect(schemaProblems({ type: 'no-such-type' })[0]).toMatch(/^is not a valid JSON Schema: /);
  });
});

describe('schemaViolations', () => {
  const sut = {
    type: 'object',
    properties: { title: { type: 'string' }, n: { type: 'integer', minimum: 1 } },
    required: ['title'],
    additionalProperties: false,
  };

  it('is empty for a matching value', () => {
    expect(schemaViolations(sut, { title: 'x', n: 2 })).toEqual([]);
  });

  it('lists every problem with its path', () => {
    expect(schemaViolations(sut, { n: 0, extra: true })).toEqual([
      "value must have required property 'title'",
      'value has unknown property "extra"',
      '/n must be >= 1',
    ]);
  });

  it('names paths from a given root', () => {
    expect(schemaViolations(sut, { title: 1 }, 'input')).toEqual(['input/title must be string']);
    expect(schemaViolations(sut, 'text', 'input')).toEqual(['input must be object']);
  });

  it('checks formats', () => {
    expect(schemaViolations({ type: 'string', format: 'email' }, 'not-an-email')).toEqual(['value must match format "email"']);
  });
});
