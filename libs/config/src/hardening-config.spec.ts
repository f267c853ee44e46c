import { ConfigError, loadConfig, publicConfig } from './app-config';

describe('loadConfig: hostile-input limits, CORS and worker secrets', () => {
  it('defaults to a JSON depth of 64, 16 KiB of headers, same-origin only and no secrets', () => {
    const sut = loadConfig({});
    expect(sut.input).toEqual({ jsonMaxDepth: 64, maxHeaderBytes: 16384 });
    expect(sut.cors.origins).toEqual([]);
    expect(sut.secrets).toEqual({});
  });

  it('reads the CORS allow list, trimming spaces and trailing slashes', () => {
    const sut = loadConfig({ CORS_ORIGINS: 'https://app.example.com/, http://localhost:5173' });
    expect(sut.cors.origins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('refuses a CORS entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'example.com' })).toThrow(ConfigError);
  });

  it('collects STEADFAST_SECRET_<NAME> variables as worker secrets', () => {
    const sut = loadConfig({ STEADFAST_SECRET_GITHUB_TOKEN: 'ghp_x', STEADFAST_SECRET_EMPTY: '', OTHER: 'y' });
    expect(sut.secrets).toEqual({ GITHUB_TOKEN: 'ghp_x' });
  });

  it('refuses a badly named secret without echoing its value', () => {
    const attempt = () => loadConfig({ 'STEADFAST_SECRET_lower-case': 'hunter2' });
    expect(attempt).toThrow(/STEADFAST_SECRET_lower-case/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  it('never shows secrets or the model key in the /health config', () => {
    const sut = publicConfig(loadConfig({ STEADFAST_SECRET_TOKEN: 'hunter2', OPENAI_API_KEY: 'sk-live-123' }));
    expect(JSON.stringify(sut)).not.toMatch(/hunter2|sk-live-123/);
  });
});
