import { agentNodeConfigProblems, agentSettingsProblems } from './agent-settings';

describe('agentSettingsProblems', () => {
  it('accepts complete settings', () => {
    expect(
      agentSettingsProblems({
        model: 'gpt-4o-mini',
        system_prompt: 'Be brief.',
        tools: ['http_request', 'finish'],
        temperature: 0.2,
        max_steps: 5,
        output_schema: { type: 'object' },
        max_output_corrections: 1,
      }),
    ).toEqual([]);
  });

  it.each([
    [{ model: '' }, 'model must be a model name of 1-128 characters'],
    [{ tools: ['shell'] }, 'tools must be an array of "http_request", "finish", "patch_workflow"'],
    [{ tools: ['finish', 'finish'] }, 'tools lists a tool twice'],
    [{ temperature: 3 }, 'temperature must be a number from 0 to 2'],
    [{ max_steps: 0 }, 'max_steps must be an integer from 1 to 50'],
    [{ output_schema: 'json' }, 'output_schema must be a JSON Schema object'],
    [{ max_output_corrections: 9 }, 'max_output_corrections must be an integer from 0 to 5'],
  ])('refuses %j', (raw, message) => {
    expect(agentSettingsProblems(raw)).toEqual([message]);
  });
});

describe('agentNodeConfigProblems', () => {
  it('needs a prompt and names config fields', () => {
    expect(agentNodeConfigProblems({ temperature: -1 })).toEqual([
      'config.prompt must be a non-empty string',
      'config.temperature must be a number from 0 to 2',
    ]);
  });

  it('refuses unknown fields and a bad agent name', () => {
    expect(agentNodeConfigProblems({ prompt: 'hi', agent: 'no spaces allowed', shell: true })).toEqual([
      'config has unknown field(s) shell',
      'config.agent must name a registered agent (1-64 letters, digits, "_" or "-")',
    ]);
  });
});
