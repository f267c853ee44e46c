import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AGENT_TOOLS, type AgentNodeConfig, type AgentTool } from '@steadfast/domain';

export const DEFAULT_SYSTEM_PROMPT =
  'You are an agent inside a Steadfast workflow. Use the tools you are given to complete the task. ' +
  'When a finish tool is offered, end by calling it with your final answer.';

/** Offered when a node lists no tools: an agent can always give a structured answer. */
export const DEFAULT_AGENT_TOOLS: readonly AgentTool[] = ['finish'];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/*
 * The argument schemas the loop checks a call against. finish accepts any `output` here: the node's
 * output_schema is checked separately, so its violations count as corrections rather than malformed calls.
 */
export const TOOL_ARGUMENT_SCHEMAS: Record<AgentTool, Record<string, unknown>> = {
  http_request: {
    type: 'object',
    properties: {
      method: { type: 'string', enum: [...HTTP_METHODS], description: 'Defaults to GET.' },
      url: { type: 'string', description: 'Absolute http or https URL.' },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      body: { description: 'Request body: a JSON value (sent as application/json) or a string.' },
    },
    required: ['url'],
    additionalProperties: false,
  },
  finish: {
    type: 'object',
    properties: { output: { description: 'Your final answer.' } },
    required: ['output'],
    additionalProperties: false,
  },
  patch_workflow: {
    type: 'object',
    properties: {
      patch: {
        type: 'array',
        description: "JSON Patch (RFC 6902) operations on this run's graph, {nodes: [...]}; every path is under /nodes.",
        items: {
          type: 'object',
          properties: {
            op: { type: 'string', enum: ['add', 'remove', 'replace', 'move', 'copy', 'test'] },
            path: { type: 'string' },
            from: { type: 'string' },
            value: {},
          },
          required: ['op', 'path'],
        },
        minItems: 1,
      },
      reason: { type: 'string', description: 'Why the run needs the change; kept with the patch.' },
    },
    required: ['patch'],
    additionalProperties: false,
  },
};

const DESCRIPTIONS: Record<AgentTool, string> = {
  http_request: 'Make an HTTP request and get {status, headers, body} back. Private, loopback and cloud-metadata addresses are refused.',
  finish: 'End the task with your final answer.',
  patch_workflow:
    "Change this run's workflow with a JSON Patch, e.g. add a node that runs after you: " +
    '[{"op":"add","path":"/nodes/-","value":{"id":"next","type":"echo","config":{},"depends_on":["<your node id>"]}}]. ' +
    'Only nodes that have not started can be changed or removed (not you: you are running). ' +
    'The answer says applied (with the new revision), rejected (with why: correct it and call again) or pending.',
};

/** The tools a node offers, in AGENT_TOOLS order whatever order the config lists them in. */
export function offeredTools(config: Pick<AgentNodeConfig, 'tools'>): AgentTool[] {
  const listed = config.tools ?? DEFAULT_AGENT_TOOLS;
  return AGENT_TOOLS.filter((tool) => listed.includes(tool));
}

/**
 * Tool definitions as sent to the model. Built only from constants and the node's settings, in a fixed
 * order, so every call of every run of the same agent sends byte-identical tools: part of the stable
 * prefix that providers' prompt caching keys on.
 */
export function toolDefinitions(config: Pick<AgentNodeConfig, 'tools' | 'output_schema'>): ChatCompletionFunctionTool[] {
  return offeredTools(config).map((name) => {
    const parameters =
      name === 'finish' && config.output_schema
        ? { ...TOOL_ARGUMENT_SCHEMAS.finish, properties: { output: config.output_schema } }
        : TOOL_ARGUMENT_SCHEMAS[name];
    return { type: 'function', function: { name, description: DESCRIPTIONS[name], parameters } };
  });
}

/**
 * The conversation's opening: the system prompt first (stable across runs of an agent), then the
 * templated user prompt, the only part that varies per run. Everything the loop adds comes after.
 */
export function openingMessages(config: Pick<AgentNodeConfig, 'system_prompt' | 'prompt'>): ChatCompletionMessageParam[] {
  return [
    { role: 'system', content: config.system_prompt ?? DEFAULT_SYSTEM_PROMPT },
    { role: 'user', content: config.prompt },
  ];
}

/** Said to a model that answers in plain text while finish is offered. */
export const FINISH_REMINDER = 'Call the finish tool with your final answer.';
