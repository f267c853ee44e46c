import jsonata from 'jsonata';
import { parseDuration } from '../duration';
import { agentNodeConfigProblems } from '../agents/agent-settings';
import { approvalConfigProblems } from '../approvals/approval-config';

/**
 * What the pure layer knows about a node type: how to check its config, and which config keys are
 * expressions rather than templates. How a type executes lives in the workflow (libs/temporal); adding
 * a type means one entry here and one executor there.
 */
export interface NodeTypeSpec {
  type: string;
  validateConfig(config: Record<string, unknown>): string[];
  /** Config keys left as written (expressions evaluated by the node itself), not template-rendered. */
  rawKeys?: string[];
  /** The node picks a branch label for its dependants' `when`. */
  choosesLabel?: boolean;
}

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

const specs: NodeTypeSpec[] = [
  { type: 'echo', validateConfig: () => [] },
  {
    type: 'delay',
    validateConfig(config) {
      if (parseDuration(config.duration) === undefined) {
        return ['config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"'];
      }
      return [];
    },
  },
  {
    type: 'fail',
    validateConfig(config) {
      const problems: string[] = [];
      if (config.message !== undefined && typeof config.message !== 'string') problems.push('config.message must be a string');
      const attempts = config.fail_attempts;
      if (attempts !== undefined && !(Number.isInteger(attempts) && (attempts as number) >= 1)) {
        problems.push('config.fail_attempts must be an integer >= 1');
      }
      return problems;
    },
  },
  { type: 'http', validateConfig: httpProblems },
  { type: 'condition', validateConfig: expressionProblems, rawKeys: ['expression'], choosesLabel: true },
  { type: 'transform', validateConfig: expressionProblems, rawKeys: ['expression'] },
  // The output schema is data for the model, not a template; prompts are templated like any config.
  { type: 'agent', validateConfig: agentNodeConfigProblems, rawKeys: ['output_schema'] },
  // Chooses `approved` or `rejected` for its dependants' `when`; title and details are templates.
  { type: 'approval', validateConfig: approvalConfigProblems, choosesLabel: true },
];

const registry = new Map<string, NodeTypeSpec>(specs.map((spec) => [spec.type, spec]));

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return registry.get(type);
}
