import { mergeAgentConfig, pickAgentSettings } from './registered-agent';
import { agentNodeConfigProblems } from './agent-settings';

describe('pickAgentSettings', () => {
  it('keeps only the setting fields that are present', () => {
    expect(pickAgentSettings({ name: 'x', description: 'y', model: 'm', temperature: 0, tools: undefined })).toEqual({ model: 'm', temperature: 0 });
  });
});

describe('mergeAgentConfig', () => {
  const agent = { name: 'writer', version: 3, settings: { model: 'base-model', system_prompt: 'You write.', temperature: 0.2, tools: ['finish' as const] } };

  it('lays the node fields over the registered settings and records the version', () => {
    const sut = mergeAgentConfig({ agent: 'writer', prompt: 'Write about {{ input.topic }}', temperature: 0.9 }, agent);
    expect(sut).toEqual({
      model: 'base-model',
      system_prompt: 'You write.',
      tools: ['finish'],
      temperature: 0.9,
      prompt: 'Write about {{ input.topic }}',
      agent: 'writer',
      agent_version: 3,
    });
    expect(agentNodeConfigProblems(sut)).toEqual([]);
  });

  it('records the version actually used even if the node carried another', () => {
    expect(mergeAgentConfig({ agent: 'writer', agent_version: 1, prompt: 'p' }, agent).agent_version).toBe(3);
  });
});
