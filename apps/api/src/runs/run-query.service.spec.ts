import { DomainError } from '@steadfast/domain';
import { decodeCursor, encodeCursor, isRunId } from './run-query.service';

describe('list cursors', () => {
  const id = 'run-01ARZ3NDEKTSV4RRFFQ69G5FAV';

  it('round-trips a run id through an opaque cursor', () => {
    const sut = encodeCursor(id);
    expect(sut).not.toContain(id);
    expect(decodeCursor(sut)).toBe(id);
  });

  it.each(['garbage', '', Buffer.from('{"before":"DROP TABLE runs"}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')])(
    'refuses the tampered cursor %j with a domain error',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(DomainError);
    },
  );

  it('recognises run ids by shape', () => {
    expect(isRunId(id)).toBe(true);
    expect(isRunId('run-123')).toBe(false);
    expect(isRunId(`${id}x`)).toBe(false);
  });
});
