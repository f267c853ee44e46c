import type { DagNode } from '@steadfast/domain';
import type { NodeResult } from './node-executors';
import type { RunJournal } from './run-journal';

/** What the run's stream says about its nodes. */
export class NodeEvents {
  constructor(private readonly journal: RunJournal) {}

  started(node: DagNode): void {
    this.journal.append({ type: 'node_started', node_id: node.id, node_type: node.type });
  }

  completed(node: DagNode, result: NodeResult): void {
    this.journal.append({
      type: 'node_completed',
      node_id: node.id,
      node_type: node.type,
      output: result.output,
      ...(result.label !== undefined ? { label: result.label } : {}),
      ...(result.attempts !== undefined ? { attempts: result.attempts } : {}),
      ...(result.usage !== undefined ? { usage: result.usage } : {}),
    });
  }

  failed(node: DagNode, error: string): void {
    this.journal.append({ type: 'node_failed', node_id: node.id, node_type: node.type, error });
  }

  skipped(node: DagNode, reason: string): void {
    this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason });
  }

  unknownType(node: DagNode): void {
    this.journal.append({ type: 'log', level: 'warn', node_id: node.id, message: `unknown node type "${node.type}"; node skipped` });
    this.skipped(node, 'unknown node type');
  }
}
