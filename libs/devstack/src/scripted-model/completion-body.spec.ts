import { completionChunks, estimateUsage } from './completion-body';
import type { ChatRequest } from './scripted-model.types';

/** The slice of an OpenAI chat-completion chunk these tests read. */
interface CompletionChunk {
  choices: {
    delta: { role?: string; content?: string; tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[] };
    finish_reason?: string | null;
  }[];
  usage?: unknown;
}

const request = (...contents: string[]): ChatRequest => ({
  model: 'm',
  messages: [{ role: 'system', content: 'You are terse.' }, ...contents.map((content) => ({ role: 'user', content }))],
});

describe('scripted completions', () => {
  it('counts the prompt shared with the previous request as cached, as a caching provider would', () => {
    const first = estimateUsage(request('a question'), undefined, { content: 'ok' });
    const second = estimateUsage(request('a question', 'a follow-up'), request('a question'), { content: 'ok' });
    expect(first.prompt_tokens_details.cached_tokens).toBe(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
    expect(second.prompt_tokens_details.cached_tokens).toBeLessThan(second.prompt_tokens);
    expect(second.total_tokens).toBe(second.prompt_tokens + second.completion_tokens);
  });

  it('takes scripted usage over the estimate', () => {
    expect(estimateUsage(request('q'), undefined, { usage: { prompt_tokens: 7, cached_tokens: 3, completion_tokens: 2 } })).toEqual({
      prompt_tokens: 7,
      completion_tokens: 2,
      total_tokens: 9,
      prompt_tokens_details: { cached_tokens: 3 },
    });
  });

  it('streams role, content pieces, tool call pieces, the finish reason, then usage', () => {
    const usage = estimateUsage(request('q'), undefined, {});
    const sut = completionChunks(
      { content: 'Hi there', tool_calls: [{ id: 'c1', name: 'finish', arguments: '{"output":1}' }] },
      'm',
      1,
      usage,
      true,
    ) as CompletionChunk[];
    const deltas = sut.map((chunk) => chunk.choices[0]?.delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas.slice(1, 3).map((d) => d.content)).toEqual(['Hi ', 'there']);
    expect(deltas[3].tool_calls?.[0]).toMatchObject({ index: 0, id: 'c1', function: { name: 'finish' } });
    expect(`${deltas[3].tool_calls?.[0].function.arguments}${deltas[4].tool_calls?.[0].function.arguments}`).toBe('{"output":1}');
    expect(sut[5].choices[0].finish_reason).toBe('tool_calls');
    expect(sut[6]).toMatchObject({ choices: [], usage });
    expect(completionChunks({ content: 'x' }, 'm', 1, usage, false)).toHaveLength(3);
  });
});
