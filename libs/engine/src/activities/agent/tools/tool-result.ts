/** How a tool call ended, as counted in steadfast_agent_tool_calls_total{outcome}. */
export type ToolOutcome = 'ok' | 'error' | 'malformed' | 'rejected';

export interface ToolResult {
  outcome: ToolOutcome;
  /** What the model reads as the tool's answer. */
  content: string;
  /** The short summary kept in the node's trace (beside name, step and ok). */
  summary: Record<string, unknown>;
}

/** Tool errors reach the model as JSON it can read and act on; the loop goes on. */
export function toolError(outcome: Exclude<ToolOutcome, 'ok'>, message: string, summary: Record<string, unknown> = {}): ToolResult {
  return { outcome, content: JSON.stringify({ error: message }), summary: { ...summary, error: message } };
}
