import jsonata from 'jsonata';
import { parseDuration } from '../duration';
import { agentNodeConfigProblems, type AgentNodeConfig } from '../agents/agent-settings';
import { approvalConfigProblems, approvalSettings } from '../approvals/approval-config';
import { NodeConfigError, type HttpNodeConfig, type NodeConfigs, type NodeType } from './node-configs';

/**
 * What the pure layer knows about a node type: how to check its config as written, how to read it once
 * rendered, and which config keys are expressions rather than templates. How a type executes lives in the
 * workflow (libs/engine: NODE_EXECUTORS); CONTRIBUTING.md lists the steps for adding a type.
 */
export interface NodeTypeSpec<K extends NodeType = NodeType> {
  /** Problems with the config as written (templates not yet resolved), each naming its field. */
  validateConfig(config: Record<string, unknown>): string[];
  /**
   * The rendered config (templates resolved) as the executor receives it. Pure and deterministic: it runs
   * inside the workflow. Throws NodeConfigError for a config the node cannot run with.
   */
  parseConfig(config: Record<string, unknown>): NodeConfigs[K];
  /** Config keys left as written (expressions evaluated by the node itself), not template-rendered. */
  rawKeys?: string[];
  /** The node picks a branch label for its dependants' `when`. */
  choosesLabel?: boolean;
}

export type NodeTypeSpecs = { [K in NodeType]: NodeTypeSpec<K> };

function expressionProblems(config: Record<string, unknown>): string[] {
  if (typeof config.expression !== 'string' || config.expression.trim() === '') {
    return ['config.expression must be a non-empty JSONata expression'];
  }
  try {
    jsonata(config.expression);
    return [];
  } catch (err) {
    return [`config.expression is not valid JSONata: ${(err as Error).message}`];
  }
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const MAX_RESPONSE_LIMIT = 10 * 1024 * 1024;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const isTemplate = (value: unknown) => typeof value === 'string' && value.includes('{{');

function httpProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof config.url !== 'string' || config.url === '') problems.push('config.url must be a URL string');
  else if (!isTemplate(config.url)) {
    try {
      const url = new URL(config.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('config.url must be an http or https URL');
    } catch {
      problems.push('config.url must be an absolute URL');
    }
  }
  if (config.method !== undefined && !(typeof config.method === 'string' && HTTP_METHODS.includes(config.method.toUpperCase()))) {
    problems.push(`config.method must be one of ${HTTP_METHODS.join(', ')}`);
  }
  for (const key of ['headers', 'query'] as const) {
    const value = config[key];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) problems.push(`config.${key} must be an object`);
  }
  const secretHeaders = config.secret_headers;
  if (secretHeaders !== undefined && !(Array.isArray(secretHeaders) && secretHeaders.every((name) => typeof name === 'string' && HEADER_NAME.test(name)))) {
    problems.push('config.secret_headers must be an array of header names');
  }
  if (config.timeout !== undefined && !isTemplate(config.timeout) && !(parseDuration(config.timeout) ?? 0)) {
    problems.push('config.timeout must be a positive duration');
  }
  const limit = config.max_response_bytes;
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) > 0 && (limit as number) <= MAX_RESPONSE_LIMIT)) {
    problems.push(`config.max_response_bytes must be an integer from 1 to ${MAX_RESPONSE_LIMIT}`);
  }
  return problems;
}

/* Validation made these objects; their values are the activity's to check, as rendered. */
function parseHttp(config: Record<string, unknown>): HttpNodeConfig {
  return {
    method: typeof config.method === 'string' ? config.method : 'GET',
    url: String(config.url),
    headers: config.headers as HttpNodeConfig['headers'],
    query: config.query as HttpNodeConfig['query'],
    body: config.body,
    timeout_ms: parseDuration(config.timeout),
    max_response_bytes: typeof config.max_response_bytes === 'number' ? config.max_response_bytes : undefined,
    ...(Array.isArray(config.secret_headers) ? { secret_headers: config.secret_headers as string[] } : {}),
  };
}

const parseExpression = (config: Record<string, unknown>) => ({ expression: String(config.expression) });

export const NODE_TYPE_SPECS: NodeTypeSpecs = {
  echo: { validateConfig: () => [], parseConfig: (config) => ('value' in config ? { value: config.value } : {}) },
  delay: {
    validateConfig(config) {
      if (parseDuration(config.duration) === undefined) {
        return ['config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"'];
      }
      return [];
    },
    parseConfig(config) {
      const duration = parseDuration(config.duration);
      if (duration === undefined) throw new NodeConfigError('invalid duration');
      return { duration_ms: duration };
    },
  },
  fail: {
    validateConfig(config) {
      const problems: string[] = [];
      if (config.message !== undefined && typeof config.message !== 'string') problems.push('config.message must be a string');
      const attempts = config.fail_attempts;
      if (attempts !== undefined && !(Number.isInteger(attempts) && (attempts as number) >= 1)) {
        problems.push('config.fail_attempts must be an integer >= 1');
      }
      return problems;
    },
    parseConfig: (config) => ({
      ...(typeof config.message === 'string' ? { message: config.message } : {}),
      ...(typeof config.fail_attempts === 'number' ? { fail_attempts: config.fail_attempts } : {}),
    }),
  },
  http: { validateConfig: httpProblems, parseConfig: parseHttp },
  condition: { validateConfig: expressionProblems, parseConfig: parseExpression, rawKeys: ['expression'], choosesLabel: true },
  transform: { validateConfig: expressionProblems, parseConfig: parseExpression, rawKeys: ['expression'] },
  agent: {
    validateConfig: agentNodeConfigProblems,
    // Handed on as rendered, the very object the agent activity's input carries; the activity reads it defensively.
    parseConfig: (config) => config as unknown as AgentNodeConfig,
    // The output schema is data for the model, not a template; prompts are templated like any config.
    rawKeys: ['output_schema'],
  },
  // Chooses `approved` or `rejected` for its dependants' `when`; title and details are templates.
  approval: { validateConfig: approvalConfigProblems, parseConfig: approvalSettings, choosesLabel: true },
};

/** Every node type, in registry order. */
export const NODE_TYPES = Object.keys(NODE_TYPE_SPECS) as NodeType[];

export function isNodeType(type: string): type is NodeType {
  return Object.prototype.hasOwnProperty.call(NODE_TYPE_SPECS, type);
}

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return isNodeType(type) ? NODE_TYPE_SPECS[type] : undefined;
}

/** A rendered config parsed by its type's spec; throws NodeConfigError as the spec does. */
export function parseNodeConfig<K extends NodeType>(type: K, config: Record<string, unknown>): NodeConfigs[K] {
  const spec: NodeTypeSpec<K> = NODE_TYPE_SPECS[type];
  return spec.parseConfig(config);
}
