import { applyPatch, JsonPatchError, type Operation } from 'fast-json-patch';
import type { Dag } from '../dag/dag.types';
import { completionBlockers, type ReadinessState } from '../dag/readiness';
import { sinkNodes, validateDag } from '../dag/validate-dag';

/** Who proposed a patch: a client of the REST API, an agent's `patch_workflow` tool, or a raw Temporal signal. */
export const PATCH_SOURCES = ['api', 'agent', 'temporal'] as const;
export type PatchSource = (typeof PATCH_SOURCES)[number];
export const PATCH_STATUSES = ['pending', 'applied', 'rejected'] as const;
export type PatchStatus = (typeof PATCH_STATUSES)[number];

export const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
export type PatchOperation = { op: (typeof PATCH_OPS)[number]; path: string; value?: unknown; from?: string };
export const MAX_PATCH_OPERATIONS = 50;
export const PATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** What a node's state says about patching it (its status) and about what can still run after it. */
export type PatchNodeState = ReadinessState;

/** The run's graph as the workflow holds it, and each node's state; the revision counts applied patches. */
export interface RunDagState {
  dag: Dag;
  revision: number;
  nodes: Record<string, PatchNodeState>;
}

export interface PatchCheck {
  /** The patched, validated graph; present only when `errors` is empty. */
  dag?: Dag;
  errors: string[];
  added: string[];
  removed: string[];
  changed: string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const FORBIDDEN_SEGMENT = /(^|\/)(__proto__|constructor|prototype)(\/|$)/;

/** The shape of an RFC 6902 document, restricted to the graph's nodes: every path lives under `/nodes`. */
export function patchOperationProblems(operations: unknown): string[] {
  if (!Array.isArray(operations)) return ['operations must be an array of JSON Patch (RFC 6902) operations'];
  if (operations.length === 0) return ['operations must contain at least one operation'];
  if (operations.length > MAX_PATCH_OPERATIONS) return [`operations has ${operations.length} entries; at most ${MAX_PATCH_OPERATIONS} are allowed`];
  const problems: string[] = [];
  operations.forEach((op: unknown, index: number) => {
    const where = `operations[${index}]`;
    if (!isPlainObject(op)) return problems.push(`${where} must be an object`);
    if (!PATCH_OPS.includes(op.op as PatchOperation['op'])) return problems.push(`${where}.op must be one of ${PATCH_OPS.join(', ')}`);
    const unknown = Object.keys(op).filter((key) => !['op', 'path', 'value', 'from'].includes(key));
    if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.join(', ')}`);
    for (const key of op.op === 'move' || op.op === 'copy' ? ['path', 'from'] : ['path']) {
      const pointer = op[key];
      if (typeof pointer !== 'string' || !(pointer === '/nodes' || pointer.startsWith('/nodes/')))
        problems.push(`${where}.${key} must be a JSON pointer under /nodes`);
      else if (FORBIDDEN_SEGMENT.test(pointer)) problems.push(`${where}.${key} must not name __proto__, constructor or prototype`);
    }
    if (['add', 'replace', 'test'].includes(op.op as string) && !('value' in op)) problems.push(`${where}.value is required for ${String(op.op)}`);
    return undefined;
  });
  return problems;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a).filter((key) => a[key] !== undefined);
  return keys.length === Object.keys(b).filter((key) => b[key] !== undefined).length && keys.every((key) => deepEqual(a[key], b[key]));
}

/**
 * The single patch check: the API runs it before signalling (422), the agent's tool before proposing,
 * and the workflow again when the signal arrives, since the run may have moved on. Pure and
 * deterministic: the same graph, states and operations always give the same result and messages.
 */
export function checkRunPatch(state: RunDagState, operations: unknown): PatchCheck {
  const none = { added: [], removed: [], changed: [] };
  const shape = patchOperationProblems(operations);
  if (shape.length > 0) return { errors: shape, ...none };

  const document = JSON.parse(JSON.stringify({ nodes: state.dag.nodes })) as { nodes: unknown };
  try {
    // Validation of each operation against the document, and prototype-pollution guards, come from the library.
    applyPatch(document, operations as Operation[], true, true, true);
  } catch (err) {
    if (err instanceof JsonPatchError) {
      const op = (operations as PatchOperation[])[err.index ?? 0];
      const detail = err.name === 'TEST_OPERATION_FAILED' ? 'test failed: the value differs' : err.message.split('\n')[0];
      return { errors: [`operations[${err.index ?? 0}] (${op?.op} ${op?.path}): ${detail}`], ...none };
    }
    throw err;
  }
  const validation = validateDag(state.dag.timeout_ms ? { ...document, timeout_ms: state.dag.timeout_ms } : document);
  if (!validation.dag) return { errors: validation.errors.map((error) => `the patched workflow is invalid: ${error}`), ...none };
  const dag = validation.dag;

  const before = new Map(state.dag.nodes.map((node) => [node.id, node]));
  const after = new Map(dag.nodes.map((node) => [node.id, node]));
  const added = dag.nodes.filter((node) => !before.has(node.id)).map((node) => node.id);
  const removed = state.dag.nodes.filter((node) => !after.has(node.id)).map((node) => node.id);
  const changed = dag.nodes.filter((node) => before.has(node.id) && !deepEqual(before.get(node.id), node)).map((node) => node.id);
  const errors: string[] = [];
  for (const id of [...removed, ...changed]) {
    const status = state.nodes[id]?.status ?? 'pending';
    if (status !== 'pending') errors.push(`node "${id}" is ${status}; only pending nodes can be ${removed.includes(id) ? 'removed' : 'changed'}`);
  }
  if (added.length === 0 && removed.length === 0 && changed.length === 0) errors.push('the patch changes nothing');
  if (errors.length === 0) errors.push(...completionProblems(dag, state.nodes, [...added, ...changed]));
  return errors.length === 0 ? { dag, errors, added, removed, changed } : { errors, added, removed, changed };
}

/**
 * A patch must leave the run somewhere to go: every node it adds or changes must still be able to run,
 * and at least one end node must be able to complete, by the scheduler's own readiness rule.
 */
function completionProblems(dag: Dag, states: Record<string, PatchNodeState>, touched: string[]): string[] {
  const byId = new Map(dag.nodes.map((node) => [node.id, node]));
  const blocker = completionBlockers({ node: (id) => byId.get(id), state: (id) => states[id] });
  const problems = touched.flatMap((id) => {
    const reason = blocker(id);
    return reason === null ? [] : [`node "${id}" could never run: ${reason}`];
  });
  if (problems.length === 0 && sinkNodes(dag).every((node) => blocker(node.id) !== null)) {
    problems.push('the patch leaves no path to completion: no end node can complete');
  }
  return problems;
}
