import { parseDefinitionRef } from './definition-ref';

describe('parseDefinitionRef', () => {
  it('reads a name alone as the latest version', () => {
    expect(parseDefinitionRef('summarise-report')).toEqual({ name: 'summarise-report' });
  });

  it('reads name@version', () => {
    expect(parseDefinitionRef('summarise-report@3')).toEqual({ name: 'summarise-report', version: 3 });
  });

  it.each([
    ['', 'a definition name is required'],
    ['@3', 'has no name before "@"'],
    ['report@', 'must be a positive integer'],
    ['report@0', 'must be a positive integer'],
    ['report@v2', 'must be a positive integer'],
    ['report@1.5', 'must be a positive integer'],
  ])('refuses %j', (text, message) => {
    expect(() => parseDefinitionRef(text)).toThrow(message);
  });
});
