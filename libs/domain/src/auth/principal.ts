/**
 * Who is calling: the API key's tenant, scopes and identity. Every record belongs to a tenant, and a
 * key sees only its own tenant's (an `admin` key also manages keys of any tenant).
 */
export const SCOPES = ['runs:read', 'runs:write', 'approvals:decide', 'workflows:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_TENANT = 'default';
/** Tenant ids appear in URLs, search attributes and logs: short, lower-case, unambiguous. */
export const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface Principal {
  /** The API key's id; null when authentication is disabled (AUTH_DISABLED=true, development only). */
  keyId: string | null;
  tenant: string;
  scopes: Scope[];
  /** The user the key acts for, and its roles: what an approval's `approvers` are checked against. */
  user: string | null;
  roles: string[];
}
