import { referencedNodes, renderTemplates, TemplateError, templateReferences, type TemplateContext } from './render-template';
import { parsePath } from './template-path';

const ctx: TemplateContext = {
  input: { url: 'https://example.com', tags: ['a', 'b'], n: 3 },
  nodes: {
    fetch: { status: 'completed', output: { status: 200, body: { title: 'Hello', 'content-type': 'text/html', items: [{ id: 7 }] } } },
    empty: { status: 'completed', output: null },
  },
  run: { id: 'run-1', name: 'demo' },
};

describe('renderTemplates', () => {
  it('replaces a whole-string reference by the value itself, keeping its type', () => {
    expect(renderTemplates('{{ input.n }}', ctx)).toBe(3);
    expect(renderTemplates('{{nodes.fetch.output.body}}', ctx)).toEqual(ctx.nodes.fetch.output && (ctx.nodes.fetch.output as { body: unknown }).body);
    expect(renderTemplates('{{ input.tags[1] }}', ctx)).toBe('b');
    expect(renderTemplates('{{ nodes.fetch.output.body["content-type"] }}', ctx)).toBe('text/html');
  });

  it('interpolates references inside a longer string, JSON for non-strings', () => {
    expect(renderTemplates('Title: {{ nodes.fetch.output.body.title }} ({{ nodes.fetch.output.status }})', ctx)).toBe('Title: Hello (200)');
    expect(renderTemplates('tags={{ input.tags }}', ctx)).toBe('tags=["a","b"]');
    expect(renderTemplates('run {{ run.name }}', ctx)).toBe('run demo');
  });

  it('walks objects and arrays, leaving non-template values alone', () => {
    expect(renderTemplates({ url: '{{ input.url }}', q: [{ id: '{{ nodes.fetch.output.body.items[0].id }}' }], n: 1, ok: true, none: null }, ctx)).toEqual({
      url: 'https://example.com',
      q: [{ id: 7 }],
      n: 1,
      ok: true,
      none: null,
    });
  });

  it.each([
    ['{{ nodes.fetch.output.body.missing }}', '{{ nodes.fetch.output.body.missing }} refers to a missing value: nodes.fetch.output.body has no "missing"'],
    ['{{ nodes.nope.output }}', '{{ nodes.nope.output }} refers to a missing value: nodes has no "nope"'],
    ['{{ input.tags[5] }}', '{{ input.tags[5] }} refers to a missing value: input.tags has no item [5]'],
    ['{{ nodes.empty.output.x }}', '{{ nodes.empty.output.x }} refers to a missing value: nodes.empty.output has no "x"'],
    ['{{ process.env }}', '{{ process.env }} is not a reference: use input..., nodes.<id>.output... or run.id / run.name'],
    ['{{ input.constructor }}', '{{ input.constructor }} refers to a missing value: input has no "constructor"'],
  ])('fails clearly on %s', (template, message) => {
    expect(() => renderTemplates(template, ctx)).toThrow(new TemplateError(message));
  });
});

describe('template references', () => {
  it('lists references and the nodes they read', () => {
    const config = { a: '{{ nodes.x.output }} and {{ input.y }}', b: ['{{ nodes.z.output.k }}', '{{ nodes.x.status }}'] };
    expect(templateReferences(config)).toEqual(['nodes.x.output', 'input.y', 'nodes.z.output.k', 'nodes.x.status']);
    expect(referencedNodes(config)).toEqual(['x', 'z']);
  });

  it('parses paths strictly', () => {
    expect(parsePath('a.b[2]["c d"]')).toEqual(['a', 'b', 2, 'c d']);
    expect(parsePath('a..b')).toBeUndefined();
    expect(parsePath('.a')).toBeUndefined();
    expect(parsePath('a b')).toBeUndefined();
  });
});
