import type { TemplateContext } from '@steadfast/domain';
import type { DagState } from './dag-state';

/** What a node's templates and expressions see: the run input, the settled nodes (in the order they appeared), the run. */
export function templateContext(state: DagState, outputs: Record<string, unknown>, run: { id: string; name: string; input: unknown }): TemplateContext {
  const nodes: TemplateContext['nodes'] = {};
  for (const [id, node] of state.entries()) {
    if (node.status === 'pending' || node.status === 'running') continue;
    nodes[id] = { status: node.status, output: outputs[id] ?? null, error: node.error ?? null };
  }
  return { input: run.input ?? null, nodes, run: { id: run.id, name: run.name } };
}
