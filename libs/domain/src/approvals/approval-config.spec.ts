import { approvalConfigProblems, approvalSettings, DEFAULT_APPROVAL_TIMEOUT_MS } from './approval-config';

describe('approval node config', () => {
  it('accepts a full config and applies defaults to a minimal one', () => {
    expect(
      approvalConfigProblems({ title: 'Ship {{ input.v }}?', details: 'x', approvers: ['ops', 'user:ada'], timeout: '2h', on_timeout: 'approve' }),
    ).toEqual([]);
    expect(approvalSettings({ title: 'Ship?' })).toEqual({
      title: 'Ship?',
      details: null,
      approvers: [],
      timeoutMs: DEFAULT_APPROVAL_TIMEOUT_MS,
      onTimeout: 'reject',
    });
    expect(approvalSettings({ title: 'Ship?', timeout: '2s', on_timeout: 'fail' })).toMatchObject({ timeoutMs: 2000, onTimeout: 'fail' });
  });

  it('names every problem', () => {
    expect(approvalConfigProblems({ details: 3, approvers: 'ops', timeout: '100d', on_timeout: 'ignore', color: 'red' })).toEqual([
      'config: unknown field(s) color',
      'config.title must be a non-empty string',
      'config.details must be a string (templates allowed)',
      'config.approvers must be an array of at most 50 user ids or roles',
      'config.timeout must be a positive duration of at most 90 days, such as "2h"',
      'config.on_timeout must be one of reject, approve, fail',
    ]);
  });

  it('clips rendered text instead of failing the node', () => {
    const sut = approvalSettings({ title: 'x'.repeat(500), details: { rendered: true } });
    expect(sut.title).toHaveLength(200);
    expect(sut.details).toBe('{"rendered":true}');
  });
});
