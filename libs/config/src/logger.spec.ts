import { REDACTED_LOG_PATHS, redactRequestUrl, redactUrl } from './logger';

describe('redactUrl', () => {
  const token = `st_${'a'.repeat(43)}`;

  it.each([
    [`/api/runs/run-1/logs/stream?token=${token}`, '/api/runs/run-1/logs/stream?token=[redacted]'],
    [`/api/runs/run-1/events?after=2&token=${token}&limit=5`, '/api/runs/run-1/events?after=2&token=[redacted]&limit=5'],
    [`/api/runs/run-1/events?token=${token}&token=${token}`, '/api/runs/run-1/events?token=[redacted]&token=[redacted]'],
    [`/api/runs/run-1/events?%74oken=${token}`, '/api/runs/run-1/events?%74oken=[redacted]'],
    [`/api/runs/run-1/events?token`, '/api/runs/run-1/events?token=[redacted]'],
  ])('hides the token in %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each(['/api/runs', '/api/runs?limit=5&cursor=abc', '/api/runs?tokens=1&my_token=2', '/api/runs?%zz=1'])('leaves %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });

  it('is what the request serializer writes, and the parsed query is redacted by path', () => {
    const sut = redactRequestUrl({ url: `/api/runs/run-1/logs/stream?lastEventId=3&token=${token}`, method: 'GET' });
    expect(sut).toEqual({ url: '/api/runs/run-1/logs/stream?lastEventId=3&token=[redacted]', method: 'GET' });
    expect(REDACTED_LOG_PATHS).toContain('req.query.token');
  });
});
