import type { AgentNodeConfig } from '../agents/agent-settings';
import type { ApprovalSettings } from '../approvals/approval-config';
import type { DagNode } from './dag.types';

/** An `echo` node returns `value`, or the run input when the config has no `value` key. */
export interface EchoNodeConfig {
  value?: unknown;
}

export interface DelayNodeConfig {
  duration_ms: number;
}

export interface FailNodeConfig {
  /** Absent: the executor fails with `node "<id>" failed`. */
  message?: string;
  fail_attempts?: number;
}

/** The request as the http activity receives it; values are passed through as rendered. */
export interface HttpNodeConfig {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  timeout_ms?: number;
  max_response_bytes?: number;
  secret_headers?: string[];
}

/** `condition` and `transform`: a JSONata expression, never template-rendered. */
export interface ExpressionNodeConfig {
  expression: string;
}

/**
 * Every node type the engine executes, with the config its executor receives: a rendered config (templates
 * resolved) parsed by the type's spec in node-types.ts. A key added here is a compile error until the spec
 * (libs/domain) and the executor (libs/engine) exist; node-types.spec.ts then asks for the docs row.
 */
export interface NodeConfigs {
  echo: EchoNodeConfig;
  delay: DelayNodeConfig;
  fail: FailNodeConfig;
  http: HttpNodeConfig;
  condition: ExpressionNodeConfig;
  transform: ExpressionNodeConfig;
  agent: AgentNodeConfig;
  approval: ApprovalSettings;
}

export type NodeType = keyof NodeConfigs;

/** A DAG node of a known type with its config parsed: what that type's executor is handed. */
export interface ConfiguredNode<K extends NodeType = NodeType> extends Omit<DagNode, 'type' | 'config'> {
  type: K;
  config: NodeConfigs[K];
}

/** A rendered config its type cannot execute (a spec's parseConfig); the node fails without retry. */
export class NodeConfigError extends Error {}
