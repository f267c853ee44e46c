import { BadRequestException } from '@nestjs/common';
import { forbiddenKeyPath, nestingDepth, parseJsonBody } from './json-body.parser';

function refusal(body: Buffer | string, maxDepth = 64): { error: string; details?: string[] } {
  try {
    parseJsonBody(typeof body === 'string' ? Buffer.from(body) : body, maxDepth);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as BadRequestException).getResponse() as { error: string; details?: string[] };
  }
  throw new Error('the body was accepted');
}

describe('parseJsonBody', () => {
  it('parses an ordinary body, keys that merely contain a forbidden word included', () => {
    expect(parseJsonBody(Buffer.from('{"name":"a","input":{"my_constructor":1,"list":[1,{"b":null}]}}'), 64)).toEqual({
      name: 'a',
      input: { my_constructor: 1, list: [1, { b: null }] },
    });
  });

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(parseJsonBody(Buffer.from('['.repeat(5) + ']'.repeat(5)), 5)).toEqual([[[[[]]]]]);
    expect(refusal('{"a":'.repeat(6) + '1' + '}'.repeat(6), 5)).toEqual({
      error: 'JSON nested too deeply',
      details: ['objects and arrays may nest at most 5 levels'],
    });
  });

  it('refuses a million-level body without overflowing the stack', () => {
    expect(refusal('['.repeat(1_000_000)).error).toBe('JSON nested too deeply');
  });

  it.each([
    ['{"__proto__":{"admin":true}}', '$.__proto__'],
    ['{"input":{"constructor":{"prototype":{"x":1}}}}', '$.input.constructor'],
    ['{"nodes":[{"id":"a","config":{"prototype":1}}]}', '$.nodes[0].config.prototype'],
  ])('refuses the prototype-pollution key in %s', (body, path) => {
    const sut = refusal(body);
    expect(sut.error).toBe('Forbidden key in JSON body');
    expect(sut.details?.[0]).toMatch(new RegExp(`^${path.replace(/[$.[\]]/g, '\\$&')}:`));
  });

  it('refuses invalid UTF-8 rather than turning it into replacement characters', () => {
    const sut = refusal(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    expect(sut.error).toBe('Invalid UTF-8 in the request body');
  });

  it('refuses U+0000 and unpaired surrogates in a value or a key, which Postgres cannot store', () => {
    expect(refusal('{"name":"a\\u0000b"}')).toEqual({
      error: 'Invalid character in JSON body',
      details: ['$.name: strings may not contain \\u0000 or unpaired surrogates'],
    });
    expect(refusal('{"input":{"k\\u0000":1}}').details).toEqual(['$.input.k\\u0000: strings may not contain \\u0000 or unpaired surrogates']);
    expect(refusal('{"tags":["\\ud800"]}').details).toEqual(['$.tags[0]: strings may not contain \\u0000 or unpaired surrogates']);
    expect(parseJsonBody(Buffer.from('{"emoji":"\\ud83d\\ude00"}'), 64)).toEqual({ emoji: '\u{1F600}' });
  });

  it('refuses an empty or malformed body as malformed JSON', () => {
    expect(refusal('  ').error).toBe('Malformed JSON: the body is empty');
    expect(refusal('{"name":').error).toMatch(/^Malformed JSON: /);
  });
});

describe('nestingDepth', () => {
  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestingDepth('{"a":"[[[{{{\\"[[["}')).toBe(1);
    expect(nestingDepth('[1,[2,[3]],{"b":[]}]')).toBe(3);
  });
});

describe('forbiddenKeyPath', () => {
  it('finds nothing in a clean value', () => {
    expect(forbiddenKeyPath({ a: [{ b: 'constructor' }], prototypes: 1 })).toBeUndefined();
  });
});
