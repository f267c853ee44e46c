import { ActivityFailure, ApplicationFailure, proxyActivities, sleep, type ActivityOptions } from '@temporalio/workflow';
import jsonata from 'jsonata';
import type { ConfiguredNode, DagNode, NodeType, TemplateContext, TokenUsage } from '@steadfast/domain';
import { isNodeType, isTokenUsage, NodeConfigError, parseNodeConfig } from '@steadfast/domain';
import type { AgentActivities } from '../activities/agent/agent.activities';
import type { HttpActivities } from '../activities/http.activities';
import type { NodeActivities } from '../activities/node.activities';
import type { ApprovalDesk } from './approval-desk';
import { evaluateOverStoredOutputs } from './stored-outputs';

export interface NodeContext {
  runId: string;
  runInput: unknown;
  outputs: Record<string, unknown>;
  /** Tell the journal the run is about to wait a while, so pending events reach Postgres first. */
  beforeLongWait(): void;
  /** Tokens a node spent without completing (a failed agent): they count toward the run's total all the same. */
  recordUsage?(usage: TokenUsage): void;
  /** What templates and expressions see: the run input, settled nodes' outputs, the run. */
  templates?: TemplateContext;
  /** Some settled node's output is a stored-output reference: expressions must run next to the store. */
  storedOutputs?: boolean;
  /** The run's approvals: where approval nodes wait for their decision. */
  approvals?: ApprovalDesk;
}

export interface NodeResult {
  output: unknown;
  /** The branch a condition chose, for its dependants' `when`. */
  label?: string;
  attempts?: number;
  /** Tokens the node's model calls used (agent nodes), for its node_completed event and the run's total. */
  usage?: TokenUsage;
}

/** How nodes of type K execute: handed the node with its rendered config parsed by the type's spec. */
export type NodeExecutor<K extends NodeType> = (node: ConfiguredNode<K>, ctx: NodeContext) => Promise<NodeResult>;

export type NodeExecutors = { [K in NodeType]: NodeExecutor<K> };

/* Waits at least this long count as long: worth a Postgres write before them. */
const LONG_WAIT_MS = 1000;

const httpActivities = proxyActivities<HttpActivities>({
  startToCloseTimeout: '1m',
  // Heartbeats every 2 s while waiting: a cancelled run aborts the request promptly.
  heartbeatTimeout: '10s',
  retry: { maximumAttempts: 3, initialInterval: '1s', nonRetryableErrorTypes: ['SsrfRefused', 'ResponseTooLarge', 'TooManyRedirects'] },
});

// echo and fail return at once: no heartbeats to wait for (long-running node activities declare their own).
const nodeActivities = proxyActivities<NodeActivities>({
  startToCloseTimeout: '1m',
  retry: { maximumAttempts: 3, initialInterval: '1s' },
});

/*
 * An agent makes several model calls and tool requests. It heartbeats every 2 s, in flight or not, so a
 * cancel reaches it promptly and a lost worker is noticed in 10 s. A step limit or an output that cannot be
 * corrected will not change on retry; provider hiccups (429/5xx) are retried by the OpenAI client itself,
 * and an attempt that still fails starts the agent over.
 */
const agentActivities = proxyActivities<AgentActivities>({
  startToCloseTimeout: '10m',
  heartbeatTimeout: '10s',
  retry: {
    maximumAttempts: 3,
    initialInterval: '2s',
    nonRetryableErrorTypes: ['OutputSchemaViolation', 'AgentStepLimit', 'AgentNotConfigured', 'ModelRequestRejected'],
  },
});

/**
 * Per-node activity options: a summary that makes each node readable in the Temporal UI, plus the node's
 * own timeout and retry policy when it declares them (deep-merged over the defaults above).
 */
function activityOptions(node: ConfiguredNode): ActivityOptions {
  const options: ActivityOptions = { summary: `${node.type} node "${node.id}"` };
  if (node.timeout_ms !== undefined) options.startToCloseTimeout = node.timeout_ms;
  if (node.retry) {
    options.retry = {
      ...(node.retry.max_attempts !== undefined ? { maximumAttempts: node.retry.max_attempts } : {}),
      ...(node.retry.initial_interval_ms !== undefined ? { initialInterval: node.retry.initial_interval_ms } : {}),
      ...(node.retry.backoff !== undefined ? { backoffCoefficient: node.retry.backoff } : {}),
      ...(node.retry.non_retryable !== undefined ? { nonRetryableErrorTypes: node.retry.non_retryable } : {}),
    };
  }
  return options;
}

/** JSONata over the template context; evaluated inside the workflow, where its clock and randomness are replay-safe. */
async function evaluate(node: ConfiguredNode<'condition' | 'transform'>, ctx: NodeContext): Promise<unknown> {
  if (ctx.storedOutputs) return evaluateOverStoredOutputs(node.id, node.config.expression, ctx.templates as TemplateContext);
  try {
    return await jsonata(node.config.expression).evaluate(ctx.templates ?? {});
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`node "${node.id}": expression failed: ${(err as Error).message}`, 'ExpressionError');
  }
}

/** How each node type executes inside the workflow (a type without a spec is skipped with a warning: executorFor). */
export const NODE_EXECUTORS: NodeExecutors = {
  echo: async (node, ctx) => ({
    output: await nodeActivities.echo.executeWithOptions(activityOptions(node), [{ value: 'value' in node.config ? node.config.value : ctx.runInput }]),
  }),
  fail: async (node) => {
    const message = node.config.message ?? `node "${node.id}" failed`;
    const failAttempts = node.config.fail_attempts;
    const result = await nodeActivities.fail.executeWithOptions(activityOptions(node), [failAttempts === undefined ? { message } : { message, failAttempts }]);
    return { output: result, attempts: result.attempts };
  },
  delay: async (node, ctx) => {
    const duration = node.config.duration_ms;
    if (duration >= LONG_WAIT_MS) ctx.beforeLongWait();
    // A durable timer: survives worker restarts and is cancelled with the run.
    await sleep(duration);
    return { output: { waited_ms: duration } };
  },
  http: async (node, ctx) => {
    const config = node.config;
    const timeoutMs = config.timeout_ms;
    const output = await httpActivities.httpRequest.executeWithOptions(
      { ...activityOptions(node), ...(node.timeout_ms === undefined && timeoutMs ? { startToCloseTimeout: timeoutMs + 5_000 } : {}) },
      [
        {
          runId: ctx.runId,
          nodeId: node.id,
          method: config.method,
          url: config.url,
          headers: config.headers,
          query: config.query,
          body: config.body,
          timeoutMs,
          maxResponseBytes: config.max_response_bytes,
          ...(config.secret_headers ? { secretHeaders: config.secret_headers } : {}),
        },
      ],
    );
    return { output };
  },
  agent: async (node, ctx) => {
    // Model calls take seconds: the node_started event should not wait in the journal for them.
    ctx.beforeLongWait();
    let output;
    try {
      output = await agentActivities.runAgent.executeWithOptions(activityOptions(node), [{ runId: ctx.runId, nodeId: node.id, config: node.config }]);
    } catch (err) {
      // The agent's own failures (step limit, uncorrectable output) report what the attempt spent.
      const details =
        err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? (err.cause.details?.[0] as { usage?: unknown } | undefined) : undefined;
      if (isTokenUsage(details?.usage)) ctx.recordUsage?.(details.usage);
      throw err;
    }
    // Read defensively: an output stored by reference (large outputs) does not carry its usage inline.
    const usage = (output as { usage?: unknown } | null)?.usage;
    return { output, ...(isTokenUsage(usage) ? { usage } : {}) };
  },
  condition: async (node, ctx) => {
    const value = await evaluate(node, ctx);
    const label = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    return { output: { label, value: value ?? null }, label };
  },
  transform: async (node, ctx) => ({ output: (await evaluate(node, ctx)) ?? null }),
  approval: async (node, ctx) => {
    if (!ctx.approvals) throw ApplicationFailure.nonRetryable(`node "${node.id}": approvals are not available in this workflow`);
    return ctx.approvals.request(node);
  },
};

/**
 * The executor for a node of any type, its rendered config parsed by the type's spec first; undefined for a
 * type without one. Synchronous on the way in: the executor's promise is returned as is, so nodes launched
 * together schedule their commands in the same order as when executors were called directly.
 */
export function executorFor(type: string): ((node: DagNode, ctx: NodeContext) => Promise<NodeResult>) | undefined {
  if (!isNodeType(type)) return undefined;
  return (node, ctx) => execute(type, node, ctx);
}

function execute<K extends NodeType>(type: K, node: DagNode, ctx: NodeContext): Promise<NodeResult> {
  let config;
  try {
    config = parseNodeConfig(type, node.config);
  } catch (err) {
    if (err instanceof NodeConfigError) throw ApplicationFailure.nonRetryable(`node "${node.id}": ${err.message}`);
    throw err;
  }
  const executor: NodeExecutor<K> = NODE_EXECUTORS[type];
  return executor({ ...node, type, config }, ctx);
}
