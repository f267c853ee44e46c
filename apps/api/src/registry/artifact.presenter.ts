import type { VersionedArtifact } from '@steadfast/persistence';

export interface ArtifactJson {
  name: string;
  version: number;
  sha256: string;
  description: string | null;
  created_at: string;
}

/** A registry row as the API shows it: its identity first, the registry's own fields, then its creation time. */
export function presentArtifact<T extends object>(entity: VersionedArtifact, fields: T): ArtifactJson & T {
  return {
    name: entity.name,
    version: entity.version,
    sha256: entity.sha256,
    description: entity.description ?? null,
    ...fields,
    created_at: new Date(entity.createdAt).toISOString(),
  };
}
