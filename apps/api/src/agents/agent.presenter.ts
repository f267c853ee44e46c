import type { AgentSettings } from '@steadfast/domain';
import type { AgentEntity } from '@steadfast/persistence';
import { presentArtifact, type ArtifactJson } from '../registry/artifact.presenter';

export type AgentJson = ArtifactJson & AgentSettings;

/** Entity -> the agent JSON of the API contract: the settings flat, as they were posted. */
export function presentAgent(entity: AgentEntity): AgentJson {
  return presentArtifact(entity, entity.settings);
}
