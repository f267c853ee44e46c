import { idempotencyKey, type GuardedRequest } from '../../guarded-request';
import { toolError, type ToolResult } from './tool-result';

/* Bounds on what one call may pull into the conversation: the model's context is the scarce resource. */
const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_RESULT_CHARS = 16_000;

export interface HttpRequestToolContext {
  request: GuardedRequest;
  runId: string;
  nodeId: string;
  callId: string;
  signal: AbortSignal;
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * `http_request`: the same guarded request as the http node, so the same SSRF rules apply. Any status is
 * an answer for the model to judge; a refusal or network failure comes back as a tool error naming why.
 */
export async function httpRequestTool(args: Record<string, unknown>, ctx: HttpRequestToolContext): Promise<ToolResult> {
  const method = typeof args.method === 'string' ? args.method : 'GET';
  const url = String(args.url);
  try {
    const response = await ctx.request(
      {
        method,
        url,
        headers: args.headers as Record<string, string> | undefined,
        body: args.body,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        // A retried activity asks the model again and gets new call ids: the key is per call, as the call is.
        idempotencyKey: idempotencyKey(ctx.runId, ctx.nodeId, ctx.callId),
      },
      ctx.signal,
    );
    const text = bodyText(response.body);
    const truncated = text.length > MAX_RESULT_CHARS;
    const answer = {
      status: response.status,
      content_type: response.headers['content-type'] ?? null,
      body: truncated ? text.slice(0, MAX_RESULT_CHARS) : response.body,
      ...(truncated ? { truncated: true } : {}),
    };
    return { outcome: 'ok', content: JSON.stringify(answer), summary: { method, url, status: response.status } };
  } catch (err) {
    // A cancelled run stops the activity; it is not the model's problem to solve.
    if (ctx.signal.aborted) throw err;
    return toolError('error', (err as Error).message, { method, url });
  }
}
