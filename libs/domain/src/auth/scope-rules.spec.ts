import { SCOPES, type Principal } from './principal';
import { hasScope, isListedApprover, unauthenticatedAdmin } from './scope-rules';

const principal = (over: Partial<Principal> = {}): Principal => ({ keyId: 'key_1', tenant: 'acme', scopes: [], user: null, roles: [], ...over });

describe('hasScope', () => {
  it('grants exactly the scopes a key holds', () => {
    const sut = principal({ scopes: ['runs:read'] });
    expect(hasScope(sut, 'runs:read')).toBe(true);
    expect(hasScope(sut, 'runs:write')).toBe(false);
    expect(hasScope(sut, 'approvals:decide')).toBe(false);
    expect(hasScope(sut, 'admin')).toBe(false);
  });

  it('does not let runs:write stand in for runs:read or the other way round', () => {
    expect(hasScope(principal({ scopes: ['runs:write'] }), 'runs:read')).toBe(false);
    expect(hasScope(principal({ scopes: ['workflows:write'] }), 'runs:write')).toBe(false);
  });

  it.each(SCOPES)('lets an admin key do %s', (scope) => {
    expect(hasScope(principal({ scopes: ['admin'] }), scope)).toBe(true);
  });
});

describe('unauthenticatedAdmin', () => {
  it('is an admin of the default tenant acting for no user, with no key', () => {
    const sut = unauthenticatedAdmin();
    expect(sut).toEqual({ keyId: null, tenant: 'default', scopes: [...SCOPES], user: null, roles: [] });
    expect(hasScope(sut, 'admin')).toBe(true);
  });
});

describe('isListedApprover', () => {
  it('lets anyone decide when no approvers are listed', () => {
    expect(isListedApprover([], principal())).toBe(true);
  });

  it("matches the key's user by plain id", () => {
    expect(isListedApprover(['alice', 'bob'], principal({ user: 'bob' }))).toBe(true);
    expect(isListedApprover(['alice'], principal({ user: 'mallory' }))).toBe(false);
  });

  it('matches a role only through a role: entry, never a bare name', () => {
    expect(isListedApprover(['role:finance'], principal({ user: 'carol', roles: ['ops', 'finance'] }))).toBe(true);
    expect(isListedApprover(['finance'], principal({ user: 'carol', roles: ['finance'] }))).toBe(false);
    expect(isListedApprover(['role:finance'], principal({ user: 'finance', roles: [] }))).toBe(false);
  });

  it('refuses a key that acts for no user and holds no listed role', () => {
    expect(isListedApprover(['alice', 'role:ops'], principal({ user: null, roles: ['dev'] }))).toBe(false);
  });
});
