import type { ApiKeyEntity } from '@steadfast/persistence';
import { isoOrNull } from '../common/iso-date';

export interface ApiKeyJson {
  id: string;
  tenant: string;
  name: string;
  /** The key's first characters: enough to recognise it, useless to use it. */
  prefix: string;
  scopes: string[];
  user: string | null;
  roles: string[];
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** Entity -> the key JSON of the API contract; the secret is never part of it. */
export function presentApiKey(key: ApiKeyEntity): ApiKeyJson {
  return {
    id: key.id,
    tenant: key.tenant,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    user: key.user ?? null,
    roles: key.roles ?? [],
    created_at: isoOrNull(key.createdAt) as string,
    revoked_at: isoOrNull(key.revokedAt),
    last_used_at: isoOrNull(key.lastUsedAt),
  };
}
