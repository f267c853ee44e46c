import { isSecretReference } from './secret-reference';
import { formatPath, parsePath, type PathStep } from './template-path';

/** What `{{ ... }}` references can reach inside a node's config. */
export interface TemplateContext {
  input: unknown;
  nodes: Record<string, { output: unknown; status: string; error?: string | null }>;
  run: { id: string; name: string };
}

export class TemplateError extends Error {}

const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** Every `{{ path }}` in a value, as text, in order of appearance. */
export function templateReferences(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(TEMPLATE)].map((match) => match[1]);
  if (Array.isArray(value)) return value.flatMap(templateReferences);
  if (value && typeof value === 'object') return Object.values(value).flatMap(templateReferences);
  return [];
}

/** The path of a string that is exactly one `{{ path }}`, else undefined. */
export function wholeReference(text: string): string | undefined {
  return WHOLE.exec(text)?.[1];
}

/** Resolves one reference to its value; throws a TemplateError for a missing value. */
export type ReferenceLookup = (reference: string, ctx: TemplateContext) => unknown;

/**
 * Resolves templates in a config value. A string that is one whole `{{ path }}` becomes the referenced
 * value itself (objects stay objects); templates inside longer strings are interpolated. A reference to a
 * missing value throws: a node must not run on `undefined`.
 */
export function renderTemplates(value: unknown, ctx: TemplateContext, lookup: ReferenceLookup = resolveReference): unknown {
  if (typeof value === 'string') {
    // Secrets stay as written: only the http activity, on the worker, substitutes them.
    const whole = WHOLE.exec(value);
    if (whole) return isSecretReference(whole[1]) ? value : lookup(whole[1], ctx);
    return value.replace(TEMPLATE, (template: string, ref: string) => {
      if (isSecretReference(ref)) return template;
      const resolved = lookup(ref, ctx);
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => renderTemplates(item, ctx, lookup));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderTemplates(item, ctx, lookup)]));
  }
  return value;
}

export function resolveReference(reference: string, ctx: TemplateContext): unknown {
  const steps = parsePath(reference);
  if (!steps || !['input', 'nodes', 'run'].includes(String(steps[0]))) {
    throw new TemplateError(`{{ ${reference} }} is not a reference: use input..., nodes.<id>.output... or run.id / run.name`);
  }
  let current: unknown = ctx;
  for (let i = 0; i < steps.length; i++) {
    const step: PathStep = steps[i];
    const container = current as Record<string | number, unknown> | null;
    const present =
      container !== null &&
      typeof container === 'object' &&
      (Array.isArray(container) ? typeof step === 'number' && step < container.length : Object.prototype.hasOwnProperty.call(container, step));
    if (!present) {
      const where = i === 0 ? 'the context' : formatPath(steps.slice(0, i));
      throw new TemplateError(`{{ ${reference} }} refers to a missing value: ${where} has no ${typeof step === 'number' ? `item [${step}]` : `"${step}"`}`);
    }
    current = container[step];
  }
  return current;
}

/** The node ids a value's templates read from (`nodes.<id>...`). */
export function referencedNodes(value: unknown): string[] {
  const ids = templateReferences(value)
    .map((reference) => parsePath(reference))
    .filter((steps): steps is PathStep[] => !!steps && steps[0] === 'nodes' && typeof steps[1] === 'string')
    .map((steps) => steps[1] as string);
  return [...new Set(ids)];
}
