import { ApplicationFailure } from '@temporalio/workflow';
import type { DagNode, TemplateContext } from '@steadfast/domain';
import { isEmptyPlan, nodeTypeSpec, renderTemplates, storedTemplatePlan, TemplateError } from '@steadfast/domain';
import { storedTemplateRenderer } from './stored-outputs';

/**
 * A node's config with templates resolved, except the keys its type evaluates itself (expressions).
 * Once some output is stored by reference (`storedOutputs`), templates that read inside one are
 * resolved by the store first, in one local activity; every other config renders in the workflow.
 */
export async function renderNodeConfig(node: DagNode, templates: TemplateContext, storedOutputs: boolean): Promise<Record<string, unknown>> {
  const raw = nodeTypeSpec(node.type)?.rawKeys ?? [];
  if (storedOutputs) {
    const plan = storedTemplatePlan(
      Object.entries(node.config).flatMap(([key, value]) => (raw.includes(key) ? [] : [value])),
      templates,
    );
    if (!isEmptyPlan(plan)) return renderEntries(node, raw, await storedTemplateRenderer(plan, templates));
  }
  return renderEntries(node, raw, (value) => renderTemplates(value, templates));
}

function renderEntries(node: DagNode, raw: string[], render: (value: unknown) => unknown): Record<string, unknown> {
  try {
    return Object.fromEntries(Object.entries(node.config).map(([key, value]) => [key, raw.includes(key) ? value : render(value)]));
  } catch (err) {
    if (err instanceof TemplateError) throw ApplicationFailure.nonRetryable(err.message, 'TemplateError');
    throw err;
  }
}
