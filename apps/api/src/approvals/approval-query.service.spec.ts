import { DomainError } from '@steadfast/domain';
import { decodeApprovalCursor, encodeApprovalCursor, isApprovalId } from './approval-query.service';

describe('approval list cursors', () => {
  const last = { id: 'apr-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', createdAt: new Date('2026-11-23T04:05:06.789Z') };

  it('round-trips the last approval of a page through an opaque cursor', () => {
    const sut = encodeApprovalCursor(last);
    expect(sut).not.toContain(last.id);
    expect(decodeApprovalCursor(sut)).toEqual(last);
  });

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    'garbage',
    '',
    cursor({ before: `2026-11-23T04:05:06.789Z ${last.id}'; DROP TABLE approvals` }),
    cursor({ before: `yesterday ${last.id}` }),
    cursor({ before: '2026-11-23T04:05:06.789Z apr-1' }),
    cursor({ before: '2026-13-45T04:05:06.789Z apr-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }),
    cursor({ after: `2026-11-23T04:05:06.789Z ${last.id}` }),
  ])('refuses the tampered cursor %j with a domain error', (value) => {
    expect(() => decodeApprovalCursor(value)).toThrow(DomainError);
  });
});

describe('approval ids', () => {
  it('are apr- and a uuid; anything else is never looked up', () => {
    expect(isApprovalId('apr-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed')).toBe(true);
    expect(isApprovalId('apr-1B9D6BCD-BBFD-4B2D-9B5D-AB8DFBBD4BED')).toBe(true);
    expect(isApprovalId('apr-123')).toBe(false);
    expect(isApprovalId('run-01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(false);
    expect(isApprovalId('apr-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bedx')).toBe(false);
  });
});
