import type { AgentNodeConfig, TokenUsage } from '@steadfast/domain';

export interface AgentActivityArgs {
  runId: string;
  nodeId: string;
  config: AgentNodeConfig;
}

/** One tool call as the node's trace shows it: enough to follow what the agent did, not the full payloads. */
export interface ToolCallRecord {
  step: number;
  name: string;
  ok: boolean;
  error?: string;
  [summary: string]: unknown;
}

export interface AgentNodeOutput {
  /** The `finish` tool's output, or the model's text when `finish` is not offered. */
  output: unknown;
  /** The model that answered, as the provider named it (`steadfast-scripted` for the offline model). */
  model: string;
  steps: number;
  usage: TokenUsage;
  tool_calls: ToolCallRecord[];
}

/** A model reply reduced to what the loop needs, whether it arrived whole or streamed. */
export interface ModelReply {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  usage: TokenUsage;
  model: string;
}
