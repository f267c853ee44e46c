import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { idempotencyKey, type GuardedRequest, type GuardedRequestArgs, type HttpResponseOutput } from './guarded-request';
import { redactError, redactSecrets, resolveSecretHeaders } from './request-secrets';

/** The node's request; its Idempotency-Key is derived here from run and node, the same on every attempt. */
export interface HttpRequestArgs extends Omit<GuardedRequestArgs, 'idempotencyKey'> {
  runId: string;
  nodeId: string;
  /** config.secret_headers: header names whose values are scrubbed from the node's output and errors. */
  secretHeaders?: string[];
}

export interface HttpDeps {
  /** The worker's one guarded client, shared with the agent's http_request tool. */
  request: GuardedRequest;
  /** STEADFAST_SECRET_<NAME> values, substituted for `{{ secrets.NAME }}` in header values here and nowhere else. */
  secrets?: Record<string, string>;
}

/** The `http` node: a guarded request whose 429/5xx answers are worth another attempt. */
export function createHttpActivities({ request, secrets = {} }: HttpDeps) {
  return {
    async httpRequest(args: HttpRequestArgs): Promise<HttpResponseOutput> {
      const ctx = Context.current();
      // Resolved here, inside the activity, so secret values never enter Temporal history.
      const { headers, secretValues } = resolveSecretHeaders(args.headers, secrets, args.secretHeaders);
      const heartbeat = setInterval(() => ctx.heartbeat(), 2_000);
      try {
        const response = await request(
          {
            method: args.method,
            url: args.url,
            headers,
            query: args.query,
            body: args.body,
            timeoutMs: args.timeoutMs,
            maxResponseBytes: args.maxResponseBytes,
            // The same key on every attempt: a server that honours Idempotency-Key applies a retried request once.
            idempotencyKey: idempotencyKey(args.runId, args.nodeId),
          },
          ctx.cancellationSignal,
        );
        if (response.status >= 500 || response.status === 429) {
          // Worth another attempt (with the same Idempotency-Key).
          throw ApplicationFailure.retryable(`HTTP ${response.status} from ${new URL(args.url).host}`, 'HttpRetryableStatus');
        }
        // A server that echoes the request (headers in a body, a token in an error page) must not leak it into the output.
        return redactSecrets(response, secretValues);
      } catch (err) {
        throw redactError(err, secretValues);
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

export type HttpActivities = ReturnType<typeof createHttpActivities>;
