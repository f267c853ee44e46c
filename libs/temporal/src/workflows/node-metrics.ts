import type { MetricCounter, MetricHistogram } from '@temporalio/common';
import { metricMeter } from '@temporalio/workflow';

export type NodeOutcome = 'completed' | 'failed' | 'skipped' | 'canceled';

/*
 * Emitted from workflow code through the worker's metric meter (exported on its Prometheus endpoint);
 * the SDK drops them while a workflow replays, so a node is counted once however often it is replayed.
 */
export class NodeMetrics {
  private readonly executions: MetricCounter = metricMeter.createCounter('steadfast_node_executions_total', undefined, 'Node executions by node type and outcome');
  private readonly duration: MetricHistogram = metricMeter.createHistogram(
    'steadfast_node_duration_seconds',
    'float',
    's',
    'Node duration from start to end (workflow clock), by node type and outcome',
  );

  /** `seconds` is absent for nodes that never started (skipped). */
  record(nodeType: string, outcome: NodeOutcome, seconds?: number): void {
    const tags = { node_type: nodeType, outcome };
    this.executions.add(1, tags);
    if (seconds !== undefined) this.duration.record(Math.max(0, seconds), tags);
  }
}
