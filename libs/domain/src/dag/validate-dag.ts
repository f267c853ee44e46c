import type { Dag, DagNode, NodeRetryPolicy, OnError } from './dag.types';
import { nodeTypeSpec } from './node-types';
import { referencedNodes } from '../templating/render-template';
import { secretReferenceProblems } from '../templating/secret-reference';
import { parseDuration } from '../duration';
import { containsOutputRef, OUTPUT_REF_KEY } from '../outputs/output-ref';

export const MAX_DAG_NODES = 200;
/** Agent nodes cost model calls: a run may hold at most this many, runtime patches included. */
export const MAX_AGENT_NODES = 5;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
// `timeout_ms` and `initial_interval_ms` are the normalised spellings: validating a validated DAG changes nothing.
const NODE_KEYS = ['id', 'type', 'config', 'depends_on', 'when', 'retry', 'timeout', 'timeout_ms', 'on_error'];

export interface DagValidation {
  /** The normalised graph, present only when there are no errors. */
  dag?: Dag;
  errors: string[];
  /** Problems the engine tolerates (an unknown node type is skipped at run time). */
  warnings: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The single DAG check shared by the API (422 on failure) and the workflow. Pure and deterministic:
 * the same input always yields the same messages in the same order.
 */
export function validateDag(raw: unknown): DagValidation {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!isPlainObject(raw)) return { errors: ['workflow must be an object with a nodes array'], warnings };
  if (!Array.isArray(raw.nodes)) return { errors: ['workflow.nodes must be an array'], warnings };
  const unknownTop = Object.keys(raw).filter((key) => !['nodes', 'edges', 'timeout', 'timeout_ms'].includes(key));
  if (unknownTop.length > 0) errors.push(`workflow: unknown field(s) ${unknownTop.join(', ')}`);
  const rawTimeout = raw.timeout ?? raw.timeout_ms;
  const timeoutMs = rawTimeout === undefined ? undefined : parseDuration(rawTimeout);
  if (rawTimeout !== undefined && (timeoutMs === undefined || timeoutMs <= 0)) {
    errors.push('workflow.timeout must be a positive number of milliseconds or a duration string such as "10m"');
  }
  if (raw.nodes.length === 0) return { errors: ['workflow.nodes must contain at least one node'], warnings };
  if (raw.nodes.length > MAX_DAG_NODES) {
    return { errors: [`workflow.nodes has ${raw.nodes.length} nodes; at most ${MAX_DAG_NODES} are allowed`], warnings };
  }

  const nodes: DagNode[] = [];
  const seen = new Set<string>();
  raw.nodes.forEach((candidate: unknown, index: number) => {
    const where = `workflow.nodes[${index}]`;
    if (!isPlainObject(candidate)) {
      errors.push(`${where} must be an object`);
      return;
    }
    const id = candidate.id;
    if (typeof id !== 'string' || !NODE_ID.test(id)) {
      errors.push(`${where}.id must be 1-64 characters of letters, digits, "_" or "-"`);
      return;
    }
    const label = `node "${id}"`;
    if (seen.has(id)) errors.push(`${label}: duplicate node id`);
    seen.add(id);
    if (typeof candidate.type !== 'string' || candidate.type === '') {
      errors.push(`${label}: type must be a non-empty string`);
      return;
    }
    const config = candidate.config ?? {};
    if (!isPlainObject(config)) {
      errors.push(`${label}: config must be an object`);
      return;
    }
    const dependsOn = candidate.depends_on ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((dep) => typeof dep !== 'string')) {
      errors.push(`${label}: depends_on must be an array of node ids`);
      return;
    }
    const unknownKeys = Object.keys(candidate).filter((key) => !NODE_KEYS.includes(key));
    if (unknownKeys.length > 0) errors.push(`${label}: unknown field(s) ${unknownKeys.join(', ')}`);
    // Only the engine makes stored-output references: one written by a user could read another run's output.
    if (containsOutputRef(config)) errors.push(`${label}: config must not contain a stored-output reference ({"${OUTPUT_REF_KEY}": ...})`);
    const spec = nodeTypeSpec(candidate.type);
    if (spec) {
      for (const problem of spec.validateConfig(config)) errors.push(`${label}: ${problem}`);
    } else {
      warnings.push(`${label}: unknown node type "${candidate.type}"; it will be skipped`);
    }
    const node: DagNode = { id, type: candidate.type, config, depends_on: [...new Set(dependsOn as string[])] };
    Object.assign(node, nodeOptions(candidate, label, errors));
    nodes.push(node);
  });

  foldEdges(raw.edges, nodes, seen, errors);
  const agents = nodes.filter((node) => node.type === 'agent');
  if (agents.length > MAX_AGENT_NODES) {
    errors.push(`workflow has ${agents.length} agent nodes (${agents.map((node) => `"${node.id}"`).join(', ')}); at most ${MAX_AGENT_NODES} are allowed`);
  }
  for (const node of nodes) {
    for (const dep of node.depends_on) {
      if (dep === node.id) errors.push(`node "${node.id}": depends on itself`);
      else if (!seen.has(dep)) errors.push(`node "${node.id}": depends_on references unknown node "${dep}"`);
    }
  }
  for (const node of nodes) {
    const handler = typeof node.on_error === 'object' ? node.on_error.handler : undefined;
    const target = handler === undefined ? undefined : nodes.find((other) => other.id === handler);
    if (handler !== undefined && !target) errors.push(`node "${node.id}": on_error.handler references unknown node "${handler}"`);
    else if (target && !target.depends_on.includes(node.id)) {
      errors.push(`node "${node.id}": its error handler "${handler}" must list "${node.id}" in depends_on`);
    }
    if (node.when !== undefined && node.depends_on.length === 0) errors.push(`node "${node.id}": when needs a dependency that chooses a branch`);
  }
  if (errors.length === 0) {
    const cyclic = nodesInCycles(nodes);
    if (cyclic.length > 0) errors.push(`workflow has a cycle through nodes ${cyclic.map((id) => `"${id}"`).join(', ')}`);
  }
  if (errors.length === 0) errors.push(...templateProblems(nodes));
  const dag: Dag = timeoutMs ? { nodes, timeout_ms: timeoutMs } : { nodes };
  return errors.length === 0 ? { dag, errors, warnings } : { errors, warnings };
}

/**
 * `edges: [{from, to}]` is another spelling of `depends_on`: each edge becomes a dependency of its `to`
 * node, so the normalised DAG (and everything downstream of validation) knows only `depends_on`.
 */
function foldEdges(raw: unknown, nodes: DagNode[], ids: Set<string>, errors: string[]): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) {
    errors.push('workflow.edges must be an array of {"from", "to"} objects');
    return;
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  raw.forEach((edge: unknown, index: number) => {
    const valid = isPlainObject(edge) && typeof edge.from === 'string' && typeof edge.to === 'string' && Object.keys(edge).length === 2;
    if (!valid) {
      errors.push(`workflow.edges[${index}] must be {"from": "<node id>", "to": "<node id>"}`);
      return;
    }
    const { from, to } = edge as { from: string; to: string };
    const unknown = [from, to].filter((id) => !ids.has(id));
    if (unknown.length > 0) {
      errors.push(`edge "${from}" -> "${to}": unknown node ${[...new Set(unknown)].map((id) => `"${id}"`).join(', ')}`);
      return;
    }
    // A node that failed its own checks is absent here; its problem is already reported.
    const target = byId.get(to);
    if (target && !target.depends_on.includes(from)) target.depends_on.push(from);
  });
}

/** Kahn's algorithm: whatever cannot be ordered topologically sits on or behind a cycle. */
function nodesInCycles(nodes: DagNode[]): string[] {
  const remaining = new Map(nodes.map((node) => [node.id, node.depends_on.length]));
  const dependants = new Map<string, string[]>();
  for (const node of nodes) {
    for (const dep of node.depends_on) dependants.set(dep, [...(dependants.get(dep) ?? []), node.id]);
  }
  const ready = nodes.filter((node) => node.depends_on.length === 0).map((node) => node.id);
  while (ready.length > 0) {
    const id = ready.pop() as string;
    remaining.delete(id);
    for (const next of dependants.get(id) ?? []) {
      const left = (remaining.get(next) ?? 0) - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return [...remaining.keys()];
}

/** The graph a run executes when the client names none: one node that echoes the run input. */
export function defaultDag(): Dag {
  return { nodes: [{ id: 'echo', type: 'echo', config: {}, depends_on: [] }] };
}

/** Nodes nothing depends on; their outputs form the run's output. */
export function sinkNodes(dag: Dag): DagNode[] {
  const depended = new Set(dag.nodes.flatMap((node) => node.depends_on));
  return dag.nodes.filter((node) => !depended.has(node.id));
}

/** The optional per-node fields: branch label, retry policy, timeout and failure handling. */
function nodeOptions(candidate: Record<string, unknown>, label: string, errors: string[]): Partial<DagNode> {
  const options: Partial<DagNode> = {};
  if (candidate.when !== undefined) {
    if (typeof candidate.when === 'string' && /^[\w-]{1,64}$/.test(candidate.when)) options.when = candidate.when;
    else errors.push(`${label}: when must be a branch label of 1-64 letters, digits, "_" or "-"`);
  }
  const rawTimeout = candidate.timeout ?? candidate.timeout_ms;
  if (rawTimeout !== undefined) {
    const ms = parseDuration(rawTimeout);
    if (ms === undefined || ms <= 0) errors.push(`${label}: timeout must be a positive number of milliseconds or a duration string such as "30s"`);
    else options.timeout_ms = ms;
  }
  if (candidate.retry !== undefined) {
    const retry = parseRetry(candidate.retry, label, errors);
    if (retry) options.retry = retry;
  }
  if (candidate.on_error !== undefined) {
    const onError = candidate.on_error as OnError;
    if (onError === 'fail_run' || onError === 'continue') options.on_error = onError;
    else if (isPlainObject(onError) && typeof onError.handler === 'string' && Object.keys(onError).length === 1)
      options.on_error = { handler: onError.handler };
    else errors.push(`${label}: on_error must be "fail_run", "continue" or {"handler": "<node id>"}`);
  }
  return options;
}

function parseRetry(raw: unknown, label: string, errors: string[]): NodeRetryPolicy | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${label}: retry must be an object`);
    return undefined;
  }
  const retry: NodeRetryPolicy = {};
  const unknown = Object.keys(raw).filter((key) => !['max_attempts', 'initial_interval', 'initial_interval_ms', 'backoff', 'non_retryable'].includes(key));
  if (unknown.length > 0) errors.push(`${label}: unknown retry field(s) ${unknown.join(', ')}`);
  if (raw.max_attempts !== undefined) {
    if (Number.isInteger(raw.max_attempts) && (raw.max_attempts as number) >= 1 && (raw.max_attempts as number) <= 100)
      retry.max_attempts = raw.max_attempts as number;
    else errors.push(`${label}: retry.max_attempts must be an integer from 1 to 100`);
  }
  const rawInterval = raw.initial_interval ?? raw.initial_interval_ms;
  if (rawInterval !== undefined) {
    const ms = parseDuration(rawInterval);
    if (ms === undefined || ms <= 0) errors.push(`${label}: retry.initial_interval must be a positive duration`);
    else retry.initial_interval_ms = ms;
  }
  if (raw.backoff !== undefined) {
    if (typeof raw.backoff === 'number' && raw.backoff >= 1 && raw.backoff <= 10) retry.backoff = raw.backoff;
    else errors.push(`${label}: retry.backoff must be a number from 1 to 10`);
  }
  if (raw.non_retryable !== undefined) {
    if (Array.isArray(raw.non_retryable) && raw.non_retryable.every((type) => typeof type === 'string')) retry.non_retryable = raw.non_retryable;
    else errors.push(`${label}: retry.non_retryable must be an array of error type names`);
  }
  return retry;
}

/** A template may only read nodes that are guaranteed to have run before it: its ancestors. */
function templateProblems(nodes: DagNode[]): string[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (id: string): Set<string> => {
    const known = ancestors.get(id);
    if (known) return known;
    const found = new Set<string>();
    for (const dep of byId.get(id)?.depends_on ?? []) {
      found.add(dep);
      for (const up of ancestorsOf(dep)) found.add(up);
    }
    ancestors.set(id, found);
    return found;
  };
  const problems: string[] = [];
  for (const node of nodes) {
    const spec = nodeTypeSpec(node.type);
    problems.push(...secretReferenceProblems(node.id, node.type, node.config));
    const templated = Object.fromEntries(Object.entries(node.config).filter(([key]) => !(spec?.rawKeys ?? []).includes(key)));
    for (const ref of referencedNodes(templated)) {
      if (!ancestorsOf(node.id).has(ref)) {
        problems.push(`node "${node.id}": a template reads node "${ref}", which is not among its dependencies`);
      }
    }
  }
  return problems;
}
