import type { ChatRequest, ScriptedReply } from './scripted-model.types';

export interface ReplyUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/* About four characters a token: near enough for demo numbers, and deterministic for tests. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/** The part of a request a provider's prompt cache keys on: tools, then messages, in order. */
export function promptText(request: ChatRequest): string {
  return JSON.stringify({ tools: request.tools ?? [], messages: request.messages });
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Usage as a caching provider would report it: prompt tokens, of which those shared verbatim with the
 * previous request's prompt count as cached (so an unstable prefix shows up as a low cached count).
 */
export function estimateUsage(request: ChatRequest, previous: ChatRequest | undefined, reply: ScriptedReply): ReplyUsage {
  const prompt = promptText(request);
  const completionText = (reply.content ?? '') + (reply.tool_calls ?? []).map((call) => call.name + argumentsText(call.arguments)).join('');
  const promptTokens = reply.usage?.prompt_tokens ?? tokens(prompt);
  const cached = reply.usage?.cached_tokens ?? (previous ? Math.floor(commonPrefix(prompt, promptText(previous)) / 4) : 0);
  const completion = reply.usage?.completion_tokens ?? tokens(completionText);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
    prompt_tokens_details: { cached_tokens: Math.min(cached, promptTokens) },
  };
}

export function argumentsText(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

function toolCalls(reply: ScriptedReply, requestIndex: number) {
  return (reply.tool_calls ?? []).map((call, i) => ({
    id: call.id ?? `call_${requestIndex}_${i}`,
    type: 'function' as const,
    function: { name: call.name, arguments: argumentsText(call.arguments) },
  }));
}

/** A whole (non-streaming) chat.completion object. */
export function completionBody(reply: ScriptedReply, model: string, requestIndex: number, usage: ReplyUsage) {
  const calls = toolCalls(reply, requestIndex);
  return {
    id: `chatcmpl-scripted-${requestIndex}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? null, refusal: null, ...(calls.length > 0 ? { tool_calls: calls } : {}) },
        finish_reason: calls.length > 0 ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage,
  };
}

/**
 * The same reply as chat.completion.chunk objects, in the order OpenAI streams them: the role, content
 * pieces, each tool call (named first, its arguments in two pieces), the finish reason, then the usage
 * chunk (empty choices) when the client asked for it.
 */
export function completionChunks(reply: ScriptedReply, model: string, requestIndex: number, usage: ReplyUsage, includeUsage: boolean) {
  const base = { id: `chatcmpl-scripted-${requestIndex}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  const chunks: unknown[] = [chunk({ role: 'assistant', content: '' })];
  const content = reply.content ?? '';
  for (const piece of reply.chunks ?? content.split(/(?<= )/).filter(Boolean)) chunks.push(chunk({ content: piece }));
  const calls = toolCalls(reply, requestIndex);
  calls.forEach((call, index) => {
    const args = call.function.arguments;
    const half = Math.ceil(args.length / 2);
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: args.slice(0, half) } }] }));
    if (args.length > half) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
  });
  chunks.push(chunk({}, calls.length > 0 ? 'tool_calls' : 'stop'));
  if (includeUsage) chunks.push({ ...base, choices: [], usage });
  return chunks;
}
