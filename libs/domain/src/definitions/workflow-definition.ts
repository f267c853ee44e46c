import type { Dag } from '../dag/dag.types';
import { validateDag } from '../dag/validate-dag';

/** Definition names: URL-safe without escaping, and never `@`, which separates a pinned version. */
export const WORKFLOW_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
export const WORKFLOW_NAME_RULE = 'must be 1-64 characters of letters, digits, "_", "." or "-"';
export const MAX_DESCRIPTION_LENGTH = 2000;

/** What a definition is, apart from its name: the part its sha256 is taken over. */
export interface WorkflowDefinitionContent {
  description: string | null;
  input_schema: Record<string, unknown> | null;
  dag: Dag;
}

export interface WorkflowDefinitionValidation {
  definition?: WorkflowDefinitionContent;
  errors: string[];
  warnings: string[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A posted or inline definition: `description` and `input_schema` beside the DAG fields, which go to
 * validateDag. Whether `input_schema` compiles is the caller's check (JSON Schema lives in libs/schemas).
 */
export function validateWorkflowDefinition(raw: unknown): WorkflowDefinitionValidation {
  if (!isPlainObject(raw)) return { errors: ['workflow must be an object with a nodes array'], warnings: [] };
  const { description, input_schema: inputSchema, ...dagFields } = raw;
  const errors: string[] = [];
  if (description !== undefined && description !== null && !(typeof description === 'string' && description.length <= MAX_DESCRIPTION_LENGTH)) {
    errors.push(`workflow.description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if (inputSchema !== undefined && inputSchema !== null && !isPlainObject(inputSchema)) errors.push('workflow.input_schema must be a JSON Schema object');
  const validation = validateDag(dagFields);
  errors.push(...validation.errors);
  if (errors.length > 0 || !validation.dag) return { errors, warnings: validation.warnings };
  return {
    definition: {
      description: (description as string | undefined) ?? null,
      input_schema: (inputSchema as Record<string, unknown> | undefined) ?? null,
      dag: validation.dag,
    },
    errors,
    warnings: validation.warnings,
  };
}

/** The JSON a definition's sha256 is taken over: normalised, so `edges` and `depends_on` spellings agree. */
export function definitionHashContent(content: WorkflowDefinitionContent): Record<string, unknown> {
  return { description: content.description, input_schema: content.input_schema, nodes: content.dag.nodes, timeout_ms: content.dag.timeout_ms ?? null };
}

export interface WorkflowRef {
  name: string;
  /** Absent: the latest version. */
  version?: number;
}

/** `"name"` or `"name@3"`; undefined when the text is neither. */
export function parseWorkflowRef(text: string): WorkflowRef | undefined {
  const at = text.lastIndexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  if (!WORKFLOW_NAME.test(name)) return undefined;
  if (at === -1) return { name };
  const version = text.slice(at + 1);
  return /^[1-9]\d{0,8}$/.test(version) ? { name, version: Number(version) } : undefined;
}
