/** Tokens a model call (or a node, or a run) consumed, as OpenAI-compatible providers report them. */
export interface TokenUsage {
  prompt_tokens: number;
  /** Prompt tokens served from the provider's prompt cache (part of prompt_tokens). */
  cached_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ prompt_tokens: 0, cached_tokens: 0, completion_tokens: 0, total_tokens: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}

const count = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether a value (e.g. a node's output field) is a usage record the run may add to its total. */
export function isTokenUsage(value: unknown): value is TokenUsage {
  if (typeof value !== 'object' || value === null) return false;
  const usage = value as Record<string, unknown>;
  return count(usage.prompt_tokens) && count(usage.cached_tokens) && count(usage.completion_tokens) && count(usage.total_tokens);
}
