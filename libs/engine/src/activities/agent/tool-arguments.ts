import { AGENT_TOOLS, type AgentTool } from '@steadfast/domain';
import { schemaViolations } from '@steadfast/schemas';
import { TOOL_ARGUMENT_SCHEMAS } from './agent-prompt';

export type ParsedToolCall = { ok: true; tool: AgentTool; args: Record<string, unknown> } | { ok: false; error: string };

/**
 * A tool call as the model wrote it, checked before anything runs: a tool this node offers, arguments
 * that are a JSON object matching the tool's schema. Every refusal is a message the model can act on.
 */
export function parseToolCall(name: string, rawArguments: string, offered: readonly AgentTool[]): ParsedToolCall {
  const tool = AGENT_TOOLS.find((known) => known === name);
  if (!tool || !offered.includes(tool)) {
    return { ok: false, error: `unknown tool "${name}"; the tools you can call are: ${offered.join(', ') || 'none'}` };
  }
  let args: unknown;
  try {
    // Models sometimes send no arguments at all for a tool without required ones.
    args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch (err) {
    return { ok: false, error: `the arguments of ${tool} are not valid JSON (${(err as Error).message}); send a JSON object` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { ok: false, error: `the arguments of ${tool} must be a JSON object` };
  }
  const violations = schemaViolations(TOOL_ARGUMENT_SCHEMAS[tool], args);
  if (violations.length > 0) return { ok: false, error: `invalid arguments for ${tool}: ${violations.join('; ')}` };
  return { ok: true, tool, args: args as Record<string, unknown> };
}
