import { validateDag } from '../dag/validate-dag';
import { renderTemplates } from './render-template';
import { secretReferenceProblems, substituteSecrets } from './secret-reference';

const ctx = { input: { user: 'ada' }, nodes: {}, run: { id: 'run-1', name: 'r' } };

describe('secret references', () => {
  it("are left as written by the workflow's renderer, whole or inside a longer string", () => {
    const sut = renderTemplates({ authorization: 'Bearer {{ secrets.API_TOKEN }}', 'x-key': '{{secrets.KEY}}', 'x-user': '{{ input.user }}' }, ctx);
    expect(sut).toEqual({ authorization: 'Bearer {{ secrets.API_TOKEN }}', 'x-key': '{{secrets.KEY}}', 'x-user': 'ada' });
  });

  it('are substituted by name on the worker', () => {
    expect(substituteSecrets('Bearer {{ secrets.API_TOKEN }}', (name) => `<${name}>`)).toBe('Bearer <API_TOKEN>');
  });

  it("are accepted in an http node's header values only", () => {
    expect(secretReferenceProblems('h', 'http', { url: 'http://x', headers: { authorization: 'Bearer {{ secrets.API_TOKEN }}' } })).toEqual([]);
    expect(secretReferenceProblems('h', 'http', { url: 'http://x/{{ secrets.API_TOKEN }}' })).toEqual([
      'node "h": config.url uses {{ secrets.* }}, which only an http node\'s config.headers values may use',
    ]);
    expect(secretReferenceProblems('a', 'agent', { prompt: 'leak {{ secrets.API_TOKEN }}' })).toHaveLength(1);
    expect(secretReferenceProblems('e', 'echo', { value: { deep: ['{{ secrets.X }}'] } })).toEqual([
      'node "e": config.value.deep[0] uses {{ secrets.* }}, which only an http node\'s config.headers values may use',
    ]);
  });

  it('need an upper-case name written as {{ secrets.NAME }}', () => {
    expect(secretReferenceProblems('h', 'http', { headers: { a: '{{ secrets.lower }}', b: '{{ secrets }}' } })).toEqual([
      'node "h": config.headers.a: secret name "lower" must match ^[A-Z][A-Z0-9_]{0,63}$',
      'node "h": config.headers.b: write a secret as {{ secrets.NAME }}',
    ]);
  });

  it('are checked with the rest of a DAG', () => {
    const sut = validateDag({ nodes: [{ id: 'e', type: 'echo', config: { value: '{{ secrets.TOKEN }}' } }] });
    expect(sut.errors).toEqual(['node "e": config.value uses {{ secrets.* }}, which only an http node\'s config.headers values may use']);
  });
});
