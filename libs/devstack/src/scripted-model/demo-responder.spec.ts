import { demoResponder, placeholderFor } from './demo-responder';
import type { ChatRequest } from './scripted-model.types';

describe('demo responder', () => {
  const finishTool = (output?: Record<string, unknown>) => ({
    type: 'function',
    function: { name: 'finish', parameters: { type: 'object', properties: { output: output ?? { description: 'Your final answer.' } } } },
  });

  it('answers through finish when offered, saying it is the scripted offline model', async () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Summarise the news' }], tools: [finishTool()] };
    const sut = await demoResponder(request, []);
    const output = (sut.tool_calls?.[0].arguments as { output: string }).output;
    expect(sut.tool_calls?.[0].name).toBe('finish');
    expect(output).toContain('steadfast-scripted, the built-in offline model');
    expect(output).toContain('You asked: Summarise the news');
  });

  it("shapes its finish output to the node's output_schema", async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'integer', minimum: 1 }, tags: { type: 'array' }, kind: { enum: ['a', 'b'] } },
    };
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [finishTool(schema)] };
    const sut = await demoResponder(request, []);
    expect((sut.tool_calls?.[0].arguments as { output: unknown }).output).toEqual({
      title: expect.stringContaining('steadfast-scripted'),
      score: 1,
      tags: [],
      kind: 'a',
    });
  });

  it('answers in plain text when finish is not offered', async () => {
    const sut = await demoResponder({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, []);
    expect(sut.content).toMatch(/steadfast-scripted/);
    expect(sut.tool_calls).toBeUndefined();
  });

  it('fills placeholders by type', () => {
    expect(placeholderFor({ type: ['number', 'null'] }, 't')).toBe(0);
    expect(placeholderFor({ type: 'boolean' }, 't')).toBe(false);
    expect(placeholderFor({ const: 7 }, 't')).toBe(7);
    expect(placeholderFor(undefined, 't')).toBe('t');
  });
});
