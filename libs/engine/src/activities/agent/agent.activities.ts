import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { APIConnectionError, APIError, type OpenAI } from 'openai';
import { agentLogSignal, applyPatchSignal, definitionQuery, patchOutcomeQuery } from '../../contracts';
import { countInActivity } from '../activity-metrics';
import type { GuardedRequest } from '../guarded-request';
import { runAgentLoop } from './agent-loop';
import type { AgentActivityArgs, AgentNodeOutput } from './agent.types';
import { callModel } from './model-call';
import { TokenLogStream } from './token-log-stream';

export interface AgentDeps {
  /** The worker's one client (keep-alive connections, its own retries of 429/5xx); absent when no provider is configured. */
  openai: OpenAI | undefined;
  /** Used when neither the node nor its registered agent names a model. */
  defaultModel: string;
  /** The guarded request the http node uses too: one SSRF policy for every outbound call. */
  request: GuardedRequest;
}

/* Well inside the executor's heartbeat timeout, and frequent enough that a cancel reaches us promptly. */
const HEARTBEAT_MS = 2_000;

/** The provider's failures as Temporal sees them: a refused request will not improve on retry; an outage may. */
function modelFailure(err: unknown, signal: AbortSignal): never {
  if (signal.aborted) throw err;
  if (err instanceof APIConnectionError) throw ApplicationFailure.retryable(`model provider unreachable: ${err.message}`, 'ModelUnavailable');
  if (err instanceof APIError && err.status !== undefined) {
    // The client's message starts with the status already.
    const message = `model provider answered HTTP ${err.status}: ${err.message.replace(`${err.status} `, '')}`;
    const retryable = err.status === 408 || err.status === 409 || err.status === 429 || err.status >= 500;
    throw retryable ? ApplicationFailure.retryable(message, 'ModelUnavailable') : ApplicationFailure.nonRetryable(message, 'ModelRequestRejected');
  }
  throw err;
}

/** The `agent` node's activity. */
export function createAgentActivities({ openai, defaultModel, request }: AgentDeps) {
  return {
    async runAgent(args: AgentActivityArgs): Promise<AgentNodeOutput> {
      if (!openai) {
        throw ApplicationFailure.nonRetryable(
          'no model provider is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server)',
          'AgentNotConfigured',
        );
      }
      const ctx = Context.current();
      const signal = ctx.cancellationSignal;
      let step = 0;
      ctx.heartbeat({ step });
      // Heartbeats go on while a model call is in flight: they are how a cancel reaches this activity.
      const heartbeat = setInterval(() => ctx.heartbeat({ step }), HEARTBEAT_MS);
      const workflowId = ctx.info.workflowExecution?.workflowId ?? args.runId;
      // Seqs belong to the run's journal, inside the workflow: streamed text goes there as signals to append.
      const logs = args.config.stream
        ? new TokenLogStream(
            (message) => ctx.client.workflow.getHandle(workflowId).signal(agentLogSignal, { node_id: args.nodeId, message }),
            (err) => {
              ctx.log.warn('streamed text not delivered to the run', { error: (err as Error).message });
            },
          )
        : undefined;
      // The workflow owns the graph: the tool proposes through the same signal and queries as the API.
      const run = () => ctx.client.workflow.getHandle(workflowId);
      try {
        return await runAgentLoop(args, args.config.model ?? defaultModel, {
          callModel: (modelRequest) => callModel(openai, modelRequest, signal, logs && ((text) => logs.push(text))).catch((err) => modelFailure(err, signal)),
          request,
          proposePatch: {
            definition: () => run().query(definitionQuery),
            apply: (patch) => run().signal(applyPatchSignal, patch),
            outcome: (patchId) => run().query(patchOutcomeQuery, patchId),
          },
          signal,
          onStep: (current) => {
            step = current;
            ctx.heartbeat({ step });
          },
          onUsage: (usage, model) => {
            const help = 'Tokens used by agent nodes (prompt includes cached)';
            countInActivity('steadfast_llm_tokens_total', help, usage.prompt_tokens, { kind: 'prompt', model });
            countInActivity('steadfast_llm_tokens_total', help, usage.cached_tokens, { kind: 'cached', model });
            countInActivity('steadfast_llm_tokens_total', help, usage.completion_tokens, { kind: 'completion', model });
          },
          onToolCall: (tool, outcome) => countInActivity('steadfast_agent_tool_calls_total', 'Tool calls made by agent nodes', 1, { tool, outcome }),
        });
      } finally {
        clearInterval(heartbeat);
        // Sent before the result, so a node's streamed text precedes its node_completed event.
        await logs?.close();
      }
    },
  };
}

export type AgentActivities = ReturnType<typeof createAgentActivities>;
