import { ApplicationFailure } from '@temporalio/common';
import { redactError, redactSecrets, resolveSecretHeaders } from './request-secrets';

describe('resolveSecretHeaders', () => {
  it('substitutes worker secrets and marks secret values, named headers included', () => {
    const sut = resolveSecretHeaders(
      { authorization: 'Bearer {{ secrets.API_TOKEN }}', 'X-Session': 'sess-12345', accept: 'application/json' },
      { API_TOKEN: 'tok-abcdef' },
      ['x-session'],
    );
    expect(sut.headers).toEqual({ authorization: 'Bearer tok-abcdef', 'X-Session': 'sess-12345', accept: 'application/json' });
    expect(sut.secretValues).toEqual(['Bearer tok-abcdef', 'tok-abcdef', 'sess-12345']);
  });

  it('fails without retry, naming the variable but no value, when a secret is missing', () => {
    const attempt = () => resolveSecretHeaders({ 'x-api-key': '{{ secrets.MISSING }}' }, { OTHER: 'value-1234' });
    expect(attempt).toThrow(ApplicationFailure);
    expect(attempt).toThrow('secret MISSING is not configured on this worker (set STEADFAST_SECRET_MISSING)');
  });

  it('does not read inherited properties as secrets', () => {
    expect(() => resolveSecretHeaders({ a: '{{ secrets.CONSTRUCTOR }}' }, {})).toThrow(/CONSTRUCTOR is not configured/);
  });
});

describe('redactSecrets', () => {
  it('scrubs every occurrence in strings and keys at any depth', () => {
    const sut = redactSecrets({ status: 200, headers: { 'x-echo': 'tok-abcdef' }, body: { seen: ['Bearer tok-abcdef', 'ok'], 'tok-abcdef': 1 } }, [
      'tok-abcdef',
    ]);
    expect(sut).toEqual({ status: 200, headers: { 'x-echo': '[redacted]' }, body: { seen: ['Bearer [redacted]', 'ok'], '[redacted]': 1 } });
  });
});

describe('redactError', () => {
  it('replaces an error that mentions a secret, keeping its type and retry decision', () => {
    const sut = redactError(ApplicationFailure.nonRetryable('upstream said tok-abcdef is wrong', 'Upstream'), ['tok-abcdef']) as ApplicationFailure;
    expect(sut.message).toBe('upstream said [redacted] is wrong');
    expect(sut.type).toBe('Upstream');
    expect(sut.nonRetryable).toBe(true);
    expect(sut.stack).not.toContain('tok-abcdef');
  });

  it('leaves other errors alone', () => {
    const err = new Error('HTTP 503 from example.com');
    expect(redactError(err, ['tok-abcdef'])).toBe(err);
  });
});
