import { proxyLocalActivities } from '@temporalio/workflow';
import type { StoredTemplatePlan, TemplateContext } from '@steadfast/domain';
import { renderTemplates, resolveReference, TemplateError } from '@steadfast/domain';
import type { ResolvedTemplate, StoredOutputActivities } from '../activities/stored-output.activities';
import { inLocalLane } from './local-lane';

/*
 * Local: a few milliseconds next to Postgres, no task-queue round trip, and their inputs (the template
 * context) are not kept in history, only their small results. Only nodes that read a stored output
 * call them, so runs without large outputs record exactly the commands they always did.
 */
const store = proxyLocalActivities<StoredOutputActivities>({
  startToCloseTimeout: '30s',
  // Postgres away for a while delays the node, as it delays event writes; it gives up after a few minutes.
  retry: { initialInterval: '200ms', maximumInterval: '10s', maximumAttempts: 20 },
});

const unwrap = (resolved: ResolvedTemplate): unknown => {
  if ('error' in resolved) throw new TemplateError(resolved.error);
  return resolved.value;
};

/**
 * Resolves, in one local activity, the templates of a config that read inside stored outputs, and
 * returns the renderer that uses them; every other template renders in the workflow as usual.
 */
export async function storedTemplateRenderer(plan: StoredTemplatePlan, ctx: TemplateContext): Promise<(value: unknown) => unknown> {
  const resolved = await inLocalLane(() => store.resolveStoredTemplates({ ...plan, context: ctx }));
  const references = new Map(plan.references.map((reference, i) => [reference, resolved.references[i]]));
  const texts = new Map(plan.texts.map((text, i) => [text, resolved.texts[i]]));
  const lookup = (reference: string, context: TemplateContext) => {
    const hit = references.get(reference);
    return hit ? unwrap(hit) : resolveReference(reference, context);
  };
  const render = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const text = texts.get(value);
      return text ? unwrap(text) : renderTemplates(value, ctx, lookup);
    }
    if (Array.isArray(value)) return value.map(render);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item)]));
    return value;
  };
  return render;
}

/** JSONata over a context that holds stored outputs: evaluated next to the store, so they never enter history. */
export function evaluateOverStoredOutputs(nodeId: string, expression: string, context: TemplateContext): Promise<unknown> {
  return inLocalLane(() => store.evaluateOverStoredOutputs({ nodeId, expression, context }));
}
