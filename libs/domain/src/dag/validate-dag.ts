import type { Dag, DagNode } from './dag.types';
import { nodeTypeSpec } from './node-types';
import { parseDuration } from '../duration';

export const MAX_DAG_NODES = 200;
const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
  const unknownTop = Object.keys(raw).filter((key) => !['nodes', 'timeout', 'timeout_ms'].includes(key));
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
    const unknownKeys = Object.keys(candidate).filter((key) => !['id', 'type', 'config', 'depends_on'].includes(key));
    if (unknownKeys.length > 0) errors.push(`${label}: unknown field(s) ${unknownKeys.join(', ')}`);
    const spec = nodeTypeSpec(candidate.type);
    if (spec) {
      for (const problem of spec.validateConfig(config)) errors.push(`${label}: ${problem}`);
    } else {
      warnings.push(`${label}: unknown node type "${candidate.type}"; it will be skipped`);
    }
    nodes.push({ id, type: candidate.type, config, depends_on: [...new Set(dependsOn as string[])] });
  });

  for (const node of nodes) {
    for (const dep of node.depends_on) {
      if (dep === node.id) errors.push(`node "${node.id}": depends on itself`);
      else if (!seen.has(dep)) errors.push(`node "${node.id}": depends_on references unknown node "${dep}"`);
    }
  }
  if (errors.length === 0) {
    const cyclic = nodesInCycles(nodes);
    if (cyclic.length > 0) errors.push(`workflow has a cycle through nodes ${cyclic.map((id) => `"${id}"`).join(', ')}`);
  }
  const dag: Dag = timeoutMs ? { nodes, timeout_ms: timeoutMs } : { nodes };
  return errors.length === 0 ? { dag, errors, warnings } : { errors, warnings };
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
