import type { MetricCounter, MetricHistogram } from '@temporalio/common';
import { metricMeter } from '@temporalio/workflow';

export type NodeOutcome = 'completed' | 'failed' | 'skipped' | 'canceled';

/*
 * Emitted from workflow code through the worker's metric meter (exported on its Prometheus endpoint);
 * the SDK drops them while a workflow replays, so a node is counted once however often it is replayed.
 */
export class NodeMetrics {
  private readonly executions: MetricCounter = metricMeter.createCounter(
    'steadfast_node_executions_total',
    undefined,
    'Node executions by node type and outcome',
  );
  private readonly duration: MetricHistogram = metricMeter.createHistogram(
    'steadfast_node_duration_seconds',
    'float',
    's',
    'Node duration from start to end (workflow clock), by node type and outcome',
  );

  /** Node start times on the workflow clock, for the duration at its end. */
  private readonly startedAt = new Map<string, number>();

  started(nodeId: string): void {
    this.startedAt.set(nodeId, Date.now());
  }

  /** `knownType` false counts the node as type `unknown`: user-chosen type names must not grow label sets. */
  settled(node: { id: string; type: string }, outcome: NodeOutcome, knownType: boolean): void {
    const started = this.startedAt.get(node.id);
    this.record(knownType ? node.type : 'unknown', outcome, started === undefined ? undefined : (Date.now() - started) / 1000);
  }

  /** `seconds` is absent for nodes that never started (skipped). */
  private record(nodeType: string, outcome: NodeOutcome, seconds?: number): void {
    const tags = { node_type: nodeType, outcome };
    this.executions.add(1, tags);
    if (seconds !== undefined) this.duration.record(Math.max(0, seconds), tags);
  }
}
