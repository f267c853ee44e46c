import { templateReferences, wholeReference, type TemplateContext } from '../templating/render-template';
import { parsePath, type PathStep } from '../templating/template-path';
import { isOutputRef, type OutputRef } from './output-ref';

/** Where a template reference meets a stored output, if it does. */
export type ReferenceReach =
  | { kind: 'plain' }
  /** The path ends on the reference: the value is the whole stored output. */
  | { kind: 'at'; ref: OutputRef; prefix: PathStep[] }
  /** The path steps into the stored output: `rest` is what to select inside it. */
  | { kind: 'into'; ref: OutputRef; prefix: PathStep[]; rest: PathStep[] };

/**
 * Walks a reference over the context as far as it is present. A path that is missing before it meets a
 * stored output is `plain`: the ordinary resolver reports it with its usual message.
 */
export function referenceReach(reference: string, ctx: TemplateContext): ReferenceReach {
  const steps = parsePath(reference);
  if (!steps) return { kind: 'plain' };
  let current: unknown = ctx;
  for (let i = 0; i < steps.length; i++) {
    if (isOutputRef(current)) return { kind: 'into', ref: current, prefix: steps.slice(0, i), rest: steps.slice(i) };
    const step = steps[i];
    // The same presence rule as resolveReference, so both agree on where a path stops.
    const present =
      current !== null &&
      typeof current === 'object' &&
      (Array.isArray(current) ? typeof step === 'number' && step < current.length : Object.prototype.hasOwnProperty.call(current, step));
    if (!present) return { kind: 'plain' };
    current = (current as Record<string | number, unknown>)[step];
  }
  return isOutputRef(current) ? { kind: 'at', ref: current, prefix: steps } : { kind: 'plain' };
}

/** What the workflow must ask the output store before it can render a config. */
export interface StoredTemplatePlan {
  /** Whole-string references that select inside a stored output: each resolves to the selected value. */
  references: string[];
  /** Strings that interpolate a stored output or a part of one: each is rendered next to the store. */
  texts: string[];
}

/**
 * Finds the templates in a config that need stored content. A whole-string reference that ends on a
 * stored output needs nothing: the reference itself is passed on and the activity loads it on entry.
 */
export function storedTemplatePlan(value: unknown, ctx: TemplateContext): StoredTemplatePlan {
  const references = new Set<string>();
  const texts = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      const whole = wholeReference(item);
      if (whole !== undefined) {
        if (referenceReach(whole, ctx).kind === 'into') references.add(whole);
      } else if (templateReferences(item).some((reference) => referenceReach(reference, ctx).kind !== 'plain')) {
        texts.add(item);
      }
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return { references: [...references], texts: [...texts] };
}

export const isEmptyPlan = (plan: StoredTemplatePlan) => plan.references.length === 0 && plan.texts.length === 0;
