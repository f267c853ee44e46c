import jsonata from 'jsonata';
import { parseDuration } from '../duration';

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
  { type: 'condition', validateConfig: expressionProblems, rawKeys: ['expression'], choosesLabel: true },
  { type: 'transform', validateConfig: expressionProblems, rawKeys: ['expression'] },
];

const registry = new Map<string, NodeTypeSpec>(specs.map((spec) => [spec.type, spec]));

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return registry.get(type);
}

export function knownNodeTypes(): string[] {
  return [...registry.keys()];
}
