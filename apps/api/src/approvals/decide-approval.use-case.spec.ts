import { DomainErrorCode } from '@steadfast/domain';
import { refusal } from './decide-approval.use-case';

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
