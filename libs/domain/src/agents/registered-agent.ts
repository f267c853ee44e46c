import { AGENT_SETTING_KEYS, type AgentSettings } from './agent-settings';

/** Agent names are what an `agent` node's `config.agent` may hold. */
export const AGENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const AGENT_NAME_RULE = 'must be 1-64 characters of letters, digits, "_" or "-"';

/** One version of a registered agent, as run creation needs it. */
export interface RegisteredAgent {
  name: string;
  version: number;
  settings: AgentSettings;
}

/** Only the setting fields of a posted agent, in a fixed shape: the part (with description) that is hashed. */
export function pickAgentSettings(raw: Record<string, unknown>): AgentSettings {
  return Object.fromEntries(AGENT_SETTING_KEYS.filter((key) => raw[key] !== undefined).map((key) => [key, raw[key]]));
}

/**
 * An agent node's config snapshotted for a run: the registered settings first, the node's own fields
 * over them, and the version used, so a later registration never changes what the run executes.
 */
export function mergeAgentConfig(nodeConfig: Record<string, unknown>, agent: RegisteredAgent): Record<string, unknown> {
  return { ...agent.settings, ...nodeConfig, agent: agent.name, agent_version: agent.version };
}
