import { ZERO_USAGE } from '@steadfast/domain';
import { runAgentLoop } from './agent-loop';
import type { ModelReply } from './agent.types';
import type { ModelRequest } from './model-call';
import type { RunPatchChannel } from './tools/patch-workflow.tool';

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

const unreachableRun: RunPatchChannel = {
  definition: async () => {
    throw new Error('no workflow in this test');
  },
  apply: async () => undefined,
  outcome: async () => null,
};

const deps = (callModel: (request: ModelRequest) => Promise<ModelReply>, proposePatch = unreachableRun) => ({
  callModel,
  request: async () => {
    throw new Error('no network in unit tests');
  },
  proposePatch,
  signal: new AbortController().signal,
});

describe('runAgentLoop', () => {
  const args = (config: Record<string, unknown>) => ({ runId: 'run-1', nodeId: 'agent', config: { prompt: 'go', ...config } });

  it('pairs tool results with calls by id, inventing ids when the server sent none', async () => {
    const model = scripted([
      { toolCalls: [{ id: '', name: 'nope', arguments: '{}' }] },
      { toolCalls: [{ id: 'c2', name: 'finish', arguments: '{"output":7}' }] },
    ]);
    const sut = await runAgentLoop(args({}), 'gpt', deps(model.callModel));

    expect(sut).toMatchObject({ output: 7, model: 'm-1', steps: 2, usage: { prompt_tokens: 20, total_tokens: 20 } });
    const [, , assistant, tool] = model.seen[1].messages as { tool_calls: { id: string }[] }[];
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

  it('proposes a patch_workflow call to its own run and gives the model the verdict', async () => {
    const patch = [{ op: 'add', path: '/nodes/-', value: { id: 'next', type: 'echo', depends_on: ['agent'] } }];
    const signals: unknown[] = [];
    const run: RunPatchChannel = {
      definition: async () => ({
        dag: { nodes: [{ id: 'agent', type: 'agent', config: { prompt: 'go' }, depends_on: [] }] },
        revision: 0,
        nodes: { agent: { status: 'running' } },
      }),
      apply: async (signal) => void signals.push(signal),
      outcome: async (patchId) => ({ patch_id: patchId, status: 'applied', revision: 1, reason: null }),
    };
    const model = scripted([
      { toolCalls: [{ id: 'c1', name: 'patch_workflow', arguments: JSON.stringify({ patch }) }] },
      { toolCalls: [{ id: 'c2', name: 'finish', arguments: '{"output":"ok"}' }] },
    ]);
    const sut = await runAgentLoop(args({ tools: ['patch_workflow', 'finish'] }), 'gpt', deps(model.callModel, run));

    expect(signals).toEqual([expect.objectContaining({ operations: patch, source: 'agent', node_id: 'agent' })]);
    const answer = JSON.parse((model.seen[1].messages.at(-1) as { content: string }).content) as unknown;
    expect(answer).toMatchObject({ status: 'applied', revision: 1, added: ['next'] });
    expect(sut.tool_calls[0]).toMatchObject({ step: 1, name: 'patch_workflow', ok: true, status: 'applied', revision: 1 });
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
