import { parseDuration } from '../duration';

/**
 * What the pure layer knows about a node type: how to check its config. How a type executes lives in the
 * workflow (libs/temporal); adding a type means one entry here and one executor there.
 */
export interface NodeTypeSpec {
  type: string;
  validateConfig(config: Record<string, unknown>): string[];
}

const echo: NodeTypeSpec = {
  type: 'echo',
  validateConfig: () => [],
};

const delay: NodeTypeSpec = {
  type: 'delay',
  validateConfig(config) {
    if (parseDuration(config.duration) === undefined) {
      return ['config.duration must be milliseconds (a number >= 0) or a duration string such as "30s"'];
    }
    return [];
  },
};

const fail: NodeTypeSpec = {
  type: 'fail',
  validateConfig(config) {
    if (config.message !== undefined && typeof config.message !== 'string') return ['config.message must be a string'];
    return [];
  },
};

const registry = new Map<string, NodeTypeSpec>([echo, delay, fail].map((spec) => [spec.type, spec]));

export function nodeTypeSpec(type: string): NodeTypeSpec | undefined {
  return registry.get(type);
}

export function knownNodeTypes(): string[] {
  return [...registry.keys()];
}
