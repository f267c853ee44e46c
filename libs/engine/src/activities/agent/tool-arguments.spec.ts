import { parseToolCall } from './tool-arguments';

describe('parseToolCall', () => {
  const offered = ['http_request', 'finish'] as const;

  it('accepts a known, offered tool with valid arguments', () => {
    expect(parseToolCall('http_request', '{"url":"https://example.com","method":"POST","body":{"a":1}}', offered)).toEqual({
      ok: true,
      tool: 'http_request',
      args: { url: 'https://example.com', method: 'POST', body: { a: 1 } },
    });
  });

  it('refuses an unknown tool, naming the tools that exist', () => {
    expect(parseToolCall('search_web', '{}', offered)).toEqual({
      ok: false,
      error: 'unknown tool "search_web"; the tools you can call are: http_request, finish',
    });
  });

  it('refuses a real tool the node does not offer', () => {
    expect(parseToolCall('patch_workflow', '{"patch":[]}', offered)).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown tool "patch_workflow"'),
    });
  });

  it('refuses arguments that are not JSON', () => {
    const sut = parseToolCall('finish', '{"output": "unterminated', offered);
    expect(sut).toMatchObject({ ok: false, error: expect.stringMatching(/^the arguments of finish are not valid JSON \(.+\); send a JSON object$/) });
  });

  it('refuses arguments that are JSON but not an object', () => {
    expect(parseToolCall('finish', '["a"]', offered)).toEqual({ ok: false, error: 'the arguments of finish must be a JSON object' });
  });

  it('refuses missing required arguments and wrong types, saying which', () => {
    expect(parseToolCall('http_request', '{"method":"FETCH"}', offered)).toEqual({
      ok: false,
      error: "invalid arguments for http_request: value must have required property 'url'; /method must be equal to one of the allowed values",
    });
    expect(parseToolCall('finish', '', offered)).toEqual({ ok: false, error: "invalid arguments for finish: value must have required property 'output'" });
  });

  it('refuses unknown argument names', () => {
    expect(parseToolCall('finish', '{"output":1,"confidence":0.9}', offered)).toEqual({
      ok: false,
      error: 'invalid arguments for finish: value has unknown property "confidence"',
    });
  });
});
