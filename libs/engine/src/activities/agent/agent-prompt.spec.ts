import { DEFAULT_SYSTEM_PROMPT, offeredTools, openingMessages, toolDefinitions } from './agent-prompt';

describe('agent prompt: the stable prefix', () => {
  it('offers only listed tools, always in the same order whatever order the config lists them', () => {
    const sut = (tools: ('http_request' | 'finish' | 'patch_workflow')[]) => toolDefinitions({ tools }).map((tool) => tool.function.name);
    expect(sut(['patch_workflow', 'finish', 'http_request'])).toEqual(['http_request', 'finish', 'patch_workflow']);
    expect(sut(['finish', 'http_request'])).toEqual(sut(['http_request', 'finish']));
    expect(sut([])).toEqual([]);
  });

  it('offers finish alone when the config lists no tools', () => {
    expect(offeredTools({})).toEqual(['finish']);
  });

  it('builds byte-identical tool definitions for the same settings, so prompt caching can apply', () => {
    const settings = { tools: ['finish', 'http_request'] as const, output_schema: { type: 'object', properties: { title: { type: 'string' } } } };
    const sut = () => JSON.stringify(toolDefinitions({ ...settings, tools: [...settings.tools] }));
    expect(sut()).toBe(sut());
  });

  it("puts the node's output_schema into finish's parameters", () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
    const [finish] = toolDefinitions({ tools: ['finish'], output_schema: schema });
    expect(finish.function.parameters).toMatchObject({ properties: { output: schema }, required: ['output'] });
  });

  it('starts with the system prompt, then the user prompt, the only part that varies per run', () => {
    const a = openingMessages({ system_prompt: 'You summarise.', prompt: 'Summarise A' });
    const b = openingMessages({ system_prompt: 'You summarise.', prompt: 'Summarise B' });
    expect(a[0]).toEqual({ role: 'system', content: 'You summarise.' });
    expect(a[0]).toEqual(b[0]);
    expect(a[1]).toEqual({ role: 'user', content: 'Summarise A' });
  });

  it('falls back to the default system prompt', () => {
    expect(openingMessages({ prompt: 'hi' })[0]).toEqual({ role: 'system', content: DEFAULT_SYSTEM_PROMPT });
  });
});
