import { Column, Entity } from 'typeorm';
import type { AgentSettings } from '@steadfast/domain';
import { VersionedArtifact } from './versioned-artifact';

@Entity('agents')
export class AgentEntity extends VersionedArtifact {
  @Column({ type: 'jsonb' })
  settings: AgentSettings;
}
