import type { TemplateContext } from '../templating/render-template';
import { outputRef } from './output-ref';
import { referenceReach, storedTemplatePlan } from './stored-templates';

const big = outputRef('c'.repeat(64), 50_000);
const ctx: TemplateContext = {
  input: { text: 'hi' },
  nodes: {
    big: { status: 'completed', output: big },
    small: { status: 'completed', output: { title: 'Small', items: [1, 2] } },
  },
  run: { id: 'run-1', name: 'demo' },
};

describe('referenceReach', () => {
  it('says where a path steps into a stored output, and what is left to select', () => {
    expect(referenceReach('nodes.big.output.body.items[2]["content-type"]', ctx)).toEqual({
      kind: 'into',
      ref: big,
      prefix: ['nodes', 'big', 'output'],
      rest: ['body', 'items', 2, 'content-type'],
    });
  });

  it('tells a path that ends on the stored output from one that steps into it', () => {
    expect(referenceReach('nodes.big.output', ctx)).toEqual({ kind: 'at', ref: big, prefix: ['nodes', 'big', 'output'] });
  });

  it.each(['nodes.small.output.title', 'input.text', 'nodes.missing.output.x', 'nodes.small.output.items[9].x', 'run.id', 'not a path'])(
    'leaves %s to the ordinary resolver',
    (reference) => {
      expect(referenceReach(reference, ctx)).toEqual({ kind: 'plain' });
    },
  );
});

describe('storedTemplatePlan', () => {
  it('asks the store for selections inside stored outputs and for texts that interpolate them', () => {
    const config = {
      title: '{{ nodes.big.output.body.title }}',
      whole: '{{ nodes.big.output }}',
      note: 'From {{ nodes.small.output.title }}: {{ nodes.big.output.body.summary }}',
      dump: ['Everything: {{ nodes.big.output }}', '{{ nodes.big.output.body.title }}'],
      plain: 'Title {{ nodes.small.output.title }} for {{ input.text }}',
      n: 3,
    };
    expect(storedTemplatePlan(config, ctx)).toEqual({
      references: ['nodes.big.output.body.title'],
      texts: ['From {{ nodes.small.output.title }}: {{ nodes.big.output.body.summary }}', 'Everything: {{ nodes.big.output }}'],
    });
  });

  it('needs nothing when no template reaches a stored output', () => {
    expect(storedTemplatePlan({ a: '{{ nodes.small.output.items[0] }}', b: 'x {{ run.id }}', c: '{{ nodes.big.output }}' }, ctx)).toEqual({
      references: [],
      texts: [],
    });
  });
});
