import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { DomainError, DomainErrorCode, RateLimitedError } from '@steadfast/domain';
import { toErrorResponse } from './api-exception.filter';

describe('toErrorResponse', () => {
  it.each([
    [DomainErrorCode.RunNotFound, 404],
    [DomainErrorCode.WorkflowNotFound, 404],
    [DomainErrorCode.AgentNotFound, 404],
    [DomainErrorCode.RunAlreadyStarted, 409],
    [DomainErrorCode.RunAlreadyCanceled, 409],
    [DomainErrorCode.RunAlreadyFinished, 409],
    [DomainErrorCode.ValidationFailed, 422],
    [DomainErrorCode.IdempotencyMismatch, 422],
    [DomainErrorCode.InvalidCursor, 400],
    [DomainErrorCode.DependencyUnavailable, 503],
  ])('maps domain error %s to %d', (code, status) => {
    expect(toErrorResponse(new DomainError(code, 'message')).status).toBe(status);
  });

  it('answers a rate limit with 429, the seconds to wait in Retry-After and the body, and the refusing layer', () => {
    const sut = toErrorResponse(new RateLimitedError('tier_heavy', 12));
    expect(sut).toEqual({
      status: 429,
      body: { error: 'Rate limit exceeded', retryAfter: 12, layer: 'tier_heavy' },
      unexpected: false,
      headers: { 'retry-after': '12' },
    });
  });

  it('keeps the validation envelope with its details', () => {
    const sut = toErrorResponse(new UnprocessableEntityException({ error: 'Validation failed', details: ['name is required'] }));
    expect(sut).toEqual({ status: 422, body: { error: 'Validation failed', details: ['name is required'] }, unexpected: false });
  });

  it("keeps our own envelope without details, and turns Nest's own into {error: message}", () => {
    expect(toErrorResponse(new BadRequestException({ error: 'Malformed JSON: x' })).body).toEqual({ error: 'Malformed JSON: x' });
    expect(toErrorResponse(new BadRequestException('plain')).body).toEqual({ error: 'plain' });
  });

  it('answers a Fastify body-parser error with its own 4xx status', () => {
    const err = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    expect(toErrorResponse(err).status).toBe(415);
    expect(toErrorResponse(new BadRequestException('bad')).body).toEqual({ error: 'bad' });
  });

  it('answers an unreachable database with 503, not 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toErrorResponse(refused).status).toBe(503);
    expect(toErrorResponse(new Error('Connection terminated unexpectedly')).status).toBe(503);
  });

  it('hides an unexpected error behind an errorId', () => {
    const sut = toErrorResponse(new TypeError('x is undefined'));
    expect(sut.status).toBe(500);
    expect(sut.unexpected).toBe(true);
    expect(sut.body.error).toBe('Internal server error');
    expect(sut.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
