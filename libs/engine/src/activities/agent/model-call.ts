import type OpenAI from 'openai';
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { ZERO_USAGE, type TokenUsage } from '@steadfast/domain';
import type { ModelReply } from './agent.types';

export interface ModelRequest {
  model: string;
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionFunctionTool[];
  temperature?: number;
}

function toUsage(usage: CompletionUsage | null | undefined): TokenUsage {
  if (!usage) return { ...ZERO_USAGE };
  return {
    prompt_tokens: usage.prompt_tokens ?? 0,
    cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    completion_tokens: usage.completion_tokens ?? 0,
    total_tokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
}

function body(request: ModelRequest) {
  return {
    model: request.model,
    messages: request.messages,
    // Some OpenAI-compatible servers reject an empty tools array; a node with no tools sends none.
    ...(request.tools.length > 0 ? { tools: request.tools } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  };
}

/**
 * One chat-completions call, whole or streamed, through the stable `chat.completions.create` API only.
 * `signal` aborts the HTTP request itself, so a cancelled run stops paying for tokens at once.
 */
export async function callModel(openai: OpenAI, request: ModelRequest, signal: AbortSignal, onText?: (text: string) => void): Promise<ModelReply> {
  if (!onText) {
    const completion = await openai.chat.completions.create({ ...body(request), stream: false }, { signal });
    const message = completion.choices[0]?.message;
    const toolCalls = (message?.tool_calls ?? []).flatMap((call) =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments ?? '' }] : [],
    );
    return { content: message?.content ?? null, toolCalls, usage: toUsage(completion.usage), model: completion.model || request.model };
  }

  const stream = await openai.chat.completions.create({ ...body(request), stream: true, stream_options: { include_usage: true } }, { signal });
  let content = '';
  let model = request.model;
  let usage: CompletionUsage | undefined;
  // Tool calls arrive in pieces keyed by index: the first piece names the call, later ones extend its arguments.
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const chunk of stream) {
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    const delta = chunk.choices[0]?.delta;
    if (delta?.content) {
      content += delta.content;
      onText(delta.content);
    }
    for (const piece of delta?.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { id: '', name: '', arguments: '' });
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name += piece.function.name;
      if (piece.function?.arguments) call.arguments += piece.function.arguments;
    }
  }
  return { content: content === '' ? null : content, toolCalls: calls.filter(Boolean), usage: toUsage(usage), model };
}
