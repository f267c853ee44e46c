import { ZERO_USAGE } from '@steadfast/domain';
import { runAgentLoop } from './agent-loop';
import type { ModelReply } from './agent.types';
import type { ModelRequest } from './model-call';

/** A model that answers from a list, and remembers the messages of every request (copied: the loop appends). */
function scripted(replies: Partial<ModelReply>[]) {
  const seen: ModelRequest[] = [];
  return {
    seen,
    callModel: async (request: ModelRequest): Promise<ModelReply> => {
      seen.push({ ...request, messages: [...request.messages] });
      const reply = replies[seen.length - 1] ?? {};
      return { content: null, toolCalls: [], usage: { ...ZERO_USAGE, prompt_tokens: 10, total_tokens: 10 }, model: 'm-1', ...reply };
    },
  };
}

const deps = (callModel: (request: ModelRequest) => Promise<ModelReply>) => ({
  callModel,
  request: async () => {
    throw new Error('no network in unit tests');
  },
  signal: new AbortController().signal,
});

describe('runAgentLoop', () => {
  const args = (config: Record<string, unknown>) => ({ runId: 'run-1', nodeId: 'agent', config: { prompt: 'go', ...config } });

  it('pairs tool results with calls by id, inventing ids when the server sent none', async () => {
    const model = scripted([{ toolCalls: [{ id: '', name: 'nope', arguments: '{}' }] }, { toolCalls: [{ id: 'c2', name: 'finish', arguments: '{"output":7}' }] }]);
    const sut = await runAgentLoop(args({}), 'gpt', deps(model.callModel));

    expect(sut).toMatchObject({ output: 7, model: 'm-1', steps: 2, usage: { prompt_tokens: 20, total_tokens: 20 } });
    const [, , assistant, tool] = model.seen[1].messages as any[];
    expect(assistant.tool_calls[0].id).toBe('call_1_0');
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: 'call_1_0' });
  });

  it('sends the same tools and opening messages on every step', async () => {
    const model = scripted([{ content: 'thinking' }, { toolCalls: [{ id: 'c', name: 'finish', arguments: '{"output":"x"}' }] }]);
    await runAgentLoop(args({ system_prompt: 'S', tools: ['finish', 'http_request'] }), 'gpt', deps(model.callModel));

    expect(model.seen[1].tools).toEqual(model.seen[0].tools);
    expect(model.seen[1].messages.slice(0, 2)).toEqual(model.seen[0].messages);
    expect(model.seen[1].messages.slice(2)).toEqual([
      { role: 'assistant', content: 'thinking' },
      { role: 'user', content: 'Call the finish tool with your final answer.' },
    ]);
  });

  it('passes temperature only when the node sets it', async () => {
    const model = scripted([{ content: 'a' }, { content: 'b' }]);
    await runAgentLoop(args({ tools: [] }), 'gpt', deps(model.callModel));
    await runAgentLoop(args({ tools: [], temperature: 0 }), 'gpt', deps(model.callModel));
    expect('temperature' in model.seen[0]).toBe(false);
    expect(model.seen[1].temperature).toBe(0);
  });

  it('fails with AgentStepLimit, reporting the usage spent', async () => {
    const model = scripted([]);
    await expect(runAgentLoop(args({ max_steps: 2 }), 'gpt', deps(model.callModel))).rejects.toMatchObject({
      type: 'AgentStepLimit',
      nonRetryable: true,
      details: [expect.objectContaining({ usage: { ...ZERO_USAGE, prompt_tokens: 20, total_tokens: 20 } })],
    });
  });
});
