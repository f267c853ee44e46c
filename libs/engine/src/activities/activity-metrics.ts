import { Context } from '@temporalio/activity';

/**
 * Adds to a counter through the running activity's metric meter, which the worker's Prometheus endpoint
 * exports alongside the SDK's own metrics, tagged with namespace, taskQueue and activityType. The SDK
 * neither prefixes custom metrics nor appends `_total`, so names are given whole. Outside
 * an activity (a unit test calling a helper directly) there is no meter and nothing is counted.
 */
export function countInActivity(name: string, description: string, value: number, tags: Record<string, string>): void {
  if (value <= 0) return;
  let meter;
  try {
    meter = Context.current().metricMeter;
  } catch {
    return;
  }
  meter.createCounter(name, undefined, description).add(value, tags);
}
