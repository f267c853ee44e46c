import type { Dag } from '@steadfast/domain';
import { schemaProblems } from '@steadfast/schemas';

/**
 * Agent nodes whose output_schema does not compile, as 422 details. The pure DAG check only sees that it
 * is an object; compiling needs ajv, which stays out of libs/domain.
 */
export function outputSchemaProblems(dag: Dag): string[] {
  return dag.nodes.flatMap((node) => {
    const schema = node.type === 'agent' ? node.config.output_schema : undefined;
    if (schema === undefined) return [];
    return schemaProblems(schema).map((problem) => `node "${node.id}": config.output_schema ${problem}`);
  });
}
