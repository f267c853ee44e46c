import { setCurrentDetails } from '@temporalio/workflow';
import type { DagState } from './dag-state';

/** The Temporal UI's "current details" for this run: which nodes are running now (no history cost). */
export function describeProgress(state: DagState): void {
  const running = state.dag.nodes.filter((node) => state.statusOf(node.id) === 'running');
  const settled = state.count((node) => node.status !== 'pending' && node.status !== 'running');
  const names = running.slice(0, 10).map((node) => `${node.id} (${node.type})`);
  if (running.length > names.length) names.push(`and ${running.length - names.length} more`);
  setCurrentDetails(`${settled} of ${state.dag.nodes.length} nodes settled${names.length > 0 ? `; running: ${names.join(', ')}` : ''}`);
}
