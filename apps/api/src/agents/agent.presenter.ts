import type { AgentSettings } from '@steadfast/domain';
import type { AgentEntity } from '@steadfast/persistence';

export type AgentJson = AgentSettings & {
  name: string;
  version: number;
  sha256: string;
  description: string | null;
  created_at: string;
};

/** Entity -> the agent JSON of the API contract: the settings flat, as they were posted. */
export function presentAgent(entity: AgentEntity): AgentJson {
  return {
    name: entity.name,
    version: entity.version,
    sha256: entity.sha256,
    description: entity.description ?? null,
    ...entity.settings,
    created_at: new Date(entity.createdAt).toISOString(),
  };
}
