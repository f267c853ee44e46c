import { DomainError, DomainErrorCode, validateWorkflowDefinition, type Dag, type WorkflowDefinitionContent } from '@steadfast/domain';
import { schemaProblems } from '@steadfast/schemas';

/**
 * A definition as posted to the registry or inline in a run, fully checked: the DAG (validateDag), and the
 * JSON Schemas it carries compile. `where` prefixes the input_schema detail ("" or "workflow.").
 */
export function checkedDefinition(raw: Record<string, unknown>, where: string): WorkflowDefinitionContent {
  const validation = validateWorkflowDefinition(withoutUndefined(raw));
  const errors = [...validation.errors];
  const definition = validation.definition;
  if (definition?.input_schema) errors.push(...schemaProblems(definition.input_schema).map((problem) => `${where}input_schema ${problem}`));
  if (definition) errors.push(...outputSchemaProblems(definition.dag));
  if (!definition || errors.length > 0) throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', errors);
  return definition;
}

/** An agent's output_schema is handed to the model and checked against its answer: it must compile. */
export function outputSchemaProblems(dag: Dag): string[] {
  return dag.nodes
    .filter((node) => node.type === 'agent' && node.config.output_schema !== undefined)
    .flatMap((node) => schemaProblems(node.config.output_schema).map((problem) => `node "${node.id}": config.output_schema ${problem}`));
}

function withoutUndefined(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
}
