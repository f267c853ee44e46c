/**
 * What an agent is: shared by the agent registry (POST /api/agents), the `agent` node's config check and
 * the agent activity. A node's config is a registered agent's settings overridden field by field.
 */
export const AGENT_TOOLS = ['http_request', 'finish', 'patch_workflow'] as const;
export type AgentTool = (typeof AGENT_TOOLS)[number];

export const MAX_AGENT_STEPS = 50;
export const DEFAULT_AGENT_STEPS = 8;
export const MAX_OUTPUT_CORRECTIONS = 5;
export const DEFAULT_OUTPUT_CORRECTIONS = 2;

/** Settings a registered agent may fix; a node may override any of them. */
export interface AgentSettings {
  model?: string;
  system_prompt?: string;
  tools?: AgentTool[];
  temperature?: number;
  max_steps?: number;
  output_schema?: Record<string, unknown>;
  /** How often a `finish` that fails `output_schema` is sent back to the model to correct. */
  max_output_corrections?: number;
}

/** An `agent` node's config once resolved: the registered agent (if named) merged under the node's own fields. */
export interface AgentNodeConfig extends AgentSettings {
  /** The registered agent the settings came from, and the version the run snapshotted. */
  agent?: string;
  agent_version?: number;
  prompt: string;
  /** Stream tokens to the run's event stream as `log` events. */
  stream?: boolean;
}

export const AGENT_SETTING_KEYS = ['model', 'system_prompt', 'tools', 'temperature', 'max_steps', 'output_schema', 'max_output_corrections'] as const;
const NODE_ONLY_KEYS = ['agent', 'agent_version', 'prompt', 'stream'];

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * Problems with agent settings, each naming its field (`<prefix>model must be ...`). JSON Schema
 * compilation of `output_schema` is checked by the API (libs/schemas); here only its shape.
 */
export function agentSettingsProblems(raw: Record<string, unknown>, prefix = ''): string[] {
  const problems: string[] = [];
  if (raw.model !== undefined && !(isNonEmptyString(raw.model) && (raw.model as string).length <= 128))
    problems.push(`${prefix}model must be a model name of 1-128 characters`);
  if (raw.system_prompt !== undefined && typeof raw.system_prompt !== 'string') problems.push(`${prefix}system_prompt must be a string`);
  if (raw.tools !== undefined) {
    const tools = raw.tools;
    if (!Array.isArray(tools) || tools.some((tool) => !AGENT_TOOLS.includes(tool as AgentTool))) {
      problems.push(`${prefix}tools must be an array of ${AGENT_TOOLS.map((tool) => `"${tool}"`).join(', ')}`);
    } else if (new Set(tools).size !== tools.length) problems.push(`${prefix}tools lists a tool twice`);
  }
  if (raw.temperature !== undefined && !(typeof raw.temperature === 'number' && raw.temperature >= 0 && raw.temperature <= 2)) {
    problems.push(`${prefix}temperature must be a number from 0 to 2`);
  }
  if (raw.max_steps !== undefined && !(Number.isInteger(raw.max_steps) && (raw.max_steps as number) >= 1 && (raw.max_steps as number) <= MAX_AGENT_STEPS)) {
    problems.push(`${prefix}max_steps must be an integer from 1 to ${MAX_AGENT_STEPS}`);
  }
  if (raw.output_schema !== undefined && !isPlainObject(raw.output_schema)) problems.push(`${prefix}output_schema must be a JSON Schema object`);
  const corrections = raw.max_output_corrections;
  if (corrections !== undefined && !(Number.isInteger(corrections) && (corrections as number) >= 0 && (corrections as number) <= MAX_OUTPUT_CORRECTIONS)) {
    problems.push(`${prefix}max_output_corrections must be an integer from 0 to ${MAX_OUTPUT_CORRECTIONS}`);
  }
  return problems;
}

/** An `agent` node's config check (the node-type registry's entry). */
export function agentNodeConfigProblems(config: Record<string, unknown>): string[] {
  const allowed: readonly string[] = [...AGENT_SETTING_KEYS, ...NODE_ONLY_KEYS];
  const problems: string[] = [];
  const unknown = Object.keys(config).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) problems.push(`config has unknown field(s) ${unknown.join(', ')}`);
  if (config.agent !== undefined && !(typeof config.agent === 'string' && /^[\w-]{1,64}$/.test(config.agent))) {
    problems.push('config.agent must name a registered agent (1-64 letters, digits, "_" or "-")');
  }
  if (config.agent_version !== undefined && !(Number.isInteger(config.agent_version) && (config.agent_version as number) >= 1)) {
    problems.push('config.agent_version must be a positive integer');
  }
  if (!isNonEmptyString(config.prompt)) problems.push('config.prompt must be a non-empty string');
  if (config.stream !== undefined && typeof config.stream !== 'boolean') problems.push('config.stream must be a boolean');
  problems.push(...agentSettingsProblems(config, 'config.'));
  return problems;
}
