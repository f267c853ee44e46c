import { ApplicationFailure } from '@temporalio/common';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { addUsage, AGENT_TOOLS, DEFAULT_AGENT_STEPS, DEFAULT_OUTPUT_CORRECTIONS, ZERO_USAGE, type AgentTool, type TokenUsage } from '@steadfast/domain';
import { schemaProblems } from '@steadfast/schemas';
import type { GuardedRequest } from '../guarded-request';
import { FINISH_REMINDER, offeredTools, openingMessages, toolDefinitions } from './agent-prompt';
import type { AgentActivityArgs, AgentNodeOutput, ModelReply, ToolCallRecord } from './agent.types';
import type { ModelRequest } from './model-call';
import { parseToolCall } from './tool-arguments';
import { correctionMessage, finishViolations } from './tools/finish.tool';
import { httpRequestTool } from './tools/http-request.tool';
import { patchWorkflowTool, type RunPatchChannel } from './tools/patch-workflow.tool';
import { toolError, type ToolOutcome, type ToolResult } from './tools/tool-result';

export interface AgentLoopDeps {
  callModel(request: ModelRequest): Promise<ModelReply>;
  request: GuardedRequest;
  /** The node's own run, for `patch_workflow`: the activity wires it to the run's workflow. */
  proposePatch: RunPatchChannel;
  signal: AbortSignal;
  onStep?(step: number): void;
  onUsage?(usage: TokenUsage, model: string): void;
  /** `tool` is a known tool name or `unknown`: model-chosen names must not become metric labels. */
  onToolCall?(tool: AgentTool | 'unknown', outcome: ToolOutcome): void;
}

type Finished = { output: unknown };

/**
 * The agent: ask the model, run the tool calls it makes, feed the results back, until it calls `finish`
 * (or, when finish is not offered, answers in plain text) or `max_steps` model calls are spent. Bad tool
 * calls are answered with an error the model can correct; only the step limit and an output that still
 * violates output_schema after the allowed corrections fail the node.
 */
export async function runAgentLoop(args: AgentActivityArgs, model: string, deps: AgentLoopDeps): Promise<AgentNodeOutput> {
  const { config } = args;
  // The API refuses such schemas; a workflow started some other way must still fail clearly, and once.
  const schemaErrors = config.output_schema ? schemaProblems(config.output_schema) : [];
  if (schemaErrors.length > 0) throw ApplicationFailure.nonRetryable(`output_schema ${schemaErrors.join('; ')}`, 'InvalidOutputSchema');
  const offered = offeredTools(config);
  const tools = toolDefinitions(config);
  const messages: ChatCompletionMessageParam[] = openingMessages(config);
  const maxSteps = config.max_steps ?? DEFAULT_AGENT_STEPS;
  const maxCorrections = config.max_output_corrections ?? DEFAULT_OUTPUT_CORRECTIONS;
  const trace: ToolCallRecord[] = [];
  let usage = { ...ZERO_USAGE };
  let answeredBy = model;
  let corrections = 0;

  const finishCall = (step: number, output: unknown): ToolResult | Finished => {
    const violations = finishViolations(output, config.output_schema);
    if (violations.length === 0) return { output };
    const error = `output does not match output_schema: ${violations.join('; ')}`;
    if (corrections >= maxCorrections) {
      trace.push({ step, name: 'finish', ok: false, error });
      deps.onToolCall?.('finish', 'rejected');
      throw ApplicationFailure.nonRetryable(
        `the finish output still did not match output_schema after ${corrections} correction(s): ${violations.join('; ')}`,
        'OutputSchemaViolation',
        { violations, usage },
      );
    }
    corrections++;
    return { outcome: 'rejected', content: correctionMessage(violations, maxCorrections - corrections), summary: { error } };
  };

  for (let step = 1; step <= maxSteps; step++) {
    deps.onStep?.(step);
    const reply = await deps.callModel({ model, messages, tools, ...(config.temperature !== undefined ? { temperature: config.temperature } : {}) });
    usage = addUsage(usage, reply.usage);
    answeredBy = reply.model;
    deps.onUsage?.(reply.usage, reply.model);
    const done = (output: unknown): AgentNodeOutput => ({ output, model: answeredBy, steps: step, usage, tool_calls: trace });

    // Providers pair tool results with calls by id; a server that sends none still gets a consistent pairing.
    const calls = reply.toolCalls.map((call, i) => ({ ...call, id: call.id || `call_${step}_${i}` }));
    messages.push({
      role: 'assistant',
      content: reply.content,
      ...(calls.length > 0
        ? { tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) }
        : {}),
    });
    if (calls.length === 0) {
      if (!offered.includes('finish')) return done(reply.content ?? '');
      messages.push({ role: 'user', content: FINISH_REMINDER });
      continue;
    }

    for (const call of calls) {
      const parsed = parseToolCall(call.name, call.arguments, offered);
      let result: ToolResult;
      if (!parsed.ok) result = toolError('malformed', parsed.error);
      else if (parsed.tool === 'finish') {
        const finished = finishCall(step, parsed.args.output);
        if (!('outcome' in finished)) {
          trace.push({ step, name: 'finish', ok: true });
          deps.onToolCall?.('finish', 'ok');
          return done(finished.output);
        }
        result = finished;
      } else if (parsed.tool === 'http_request') {
        result = await httpRequestTool(parsed.args, { request: deps.request, runId: args.runId, nodeId: args.nodeId, callId: call.id, signal: deps.signal });
      } else {
        result = await patchWorkflowTool(parsed.args, {
          patches: deps.proposePatch,
          runId: args.runId,
          nodeId: args.nodeId,
          step,
          callId: call.id,
          signal: deps.signal,
        });
      }

      trace.push({ step, name: call.name.slice(0, 64), ok: result.outcome === 'ok', ...result.summary });
      deps.onToolCall?.(AGENT_TOOLS.find((tool) => tool === call.name) ?? 'unknown', result.outcome);
      messages.push({ role: 'tool', tool_call_id: call.id, content: result.content });
    }
  }
  throw ApplicationFailure.nonRetryable(`the agent did not call finish within max_steps (${maxSteps} model calls)`, 'AgentStepLimit', {
    tool_calls: trace,
    usage,
  });
}
