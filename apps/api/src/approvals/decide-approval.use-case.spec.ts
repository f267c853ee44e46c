import { DomainErrorCode, unauthenticatedAdmin, type Principal } from '@steadfast/domain';
import { deciderOf, refusal } from './decide-approval.use-case';

describe('why a decision did not count', () => {
  const base = { id: 'apr-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', expiresAt: new Date('2026-11-23T04:00:00.000Z'), decidedBy: null, decidedAt: null };

  it.each(['expired', 'pending'] as const)('an approval that is %s after the refused update has expired', (status) => {
    const sut = refusal({ ...base, status });
    expect(sut.code).toBe(DomainErrorCode.ApprovalExpired);
    expect(sut.message).toBe('Approval expired');
    expect(sut.details).toEqual([`approval ${base.id} expired at 2026-11-23T04:00:00.000Z`]);
  });

  it('names the decision that counted, who made it and when', () => {
    const sut = refusal({ ...base, status: 'rejected', decidedBy: 'ops', decidedAt: new Date('2026-11-23T03:00:00.000Z') });
    expect(sut.code).toBe(DomainErrorCode.ApprovalAlreadyDecided);
    expect(sut.message).toBe('Approval already rejected');
    expect(sut.details).toEqual([`approval ${base.id} was rejected by ops at 2026-11-23T03:00:00.000Z`]);
  });

  it('says a canceled approval ended with its run', () => {
    const sut = refusal({ ...base, status: 'canceled' });
    expect(sut.code).toBe(DomainErrorCode.ApprovalAlreadyDecided);
    expect(sut.message).toBe('Approval already canceled');
    expect(sut.details).toEqual([`approval ${base.id} was canceled: its run ended`]);
  });
});

describe('who a decision is recorded as', () => {
  const key = (over: Partial<Principal> = {}): Principal => ({
    keyId: 'key_1',
    tenant: 'acme',
    scopes: ['approvals:decide'],
    user: 'dave',
    roles: [],
    ...over,
  });

  it("defaults to the key's user, and accepts the key's user named explicitly", () => {
    expect(deciderOf(key(), undefined)).toBe('dave');
    expect(deciderOf(key(), 'dave')).toBe('dave');
  });

  it('refuses a non-admin key naming someone else', () => {
    const sut = () => deciderOf(key(), 'carol');
    expect(sut).toThrow(expect.objectContaining({ code: DomainErrorCode.Forbidden, message: "Forbidden: decided_by must be the API key's own user" }));
  });

  it('lets an admin key record a decision for someone else', () => {
    expect(deciderOf(key({ scopes: ['admin'] }), 'carol for the board')).toBe('carol for the board');
  });

  it('records a key that acts for no user (or authentication disabled) as it says, and requires it to say', () => {
    expect(deciderOf(key({ user: null }), 'ops desk')).toBe('ops desk');
    expect(deciderOf(unauthenticatedAdmin(), 'alice')).toBe('alice');
    expect(() => deciderOf(key({ user: null }), undefined)).toThrow(
      expect.objectContaining({ code: DomainErrorCode.ValidationFailed, details: ['decided_by is required'] }),
    );
  });
});
