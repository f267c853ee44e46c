import { DEFAULT_TENANT, SCOPES, type Principal, type Scope } from './principal';

/** An `admin` key may do everything within its tenant, so it holds every scope implicitly. */
export function hasScope(principal: Pick<Principal, 'scopes'>, required: Scope): boolean {
  return principal.scopes.includes(required) || principal.scopes.includes('admin');
}

/**
 * Who every request is with AUTH_DISABLED=true (development only): an admin of the default tenant that
 * acts for no user, so approvals record `decided_by` as sent and approvers are not checked.
 */
export function unauthenticatedAdmin(): Principal {
  return { keyId: null, tenant: DEFAULT_TENANT, scopes: [...SCOPES], user: null, roles: [] };
}

/** An approvers entry naming a role rather than a user: `role:<name>`. */
export const ROLE_PREFIX = 'role:';

/**
 * Whether a principal may decide an approval listing `approvers`: nobody listed means any key with
 * approvals:decide may; otherwise the key's user must be listed by id, or one of its roles as `role:<name>`.
 */
export function isListedApprover(approvers: readonly string[], principal: Pick<Principal, 'user' | 'roles'>): boolean {
  if (approvers.length === 0) return true;
  if (principal.user !== null && approvers.includes(principal.user)) return true;
  return principal.roles.some((role) => approvers.includes(`${ROLE_PREFIX}${role}`));
}
