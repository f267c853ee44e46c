import { AGENT_TOOLS } from '@steadfast/domain';
import { freeObject, integer, listOf, oneOf, text, type Schema } from '../schema-parts';
import { artifact } from './artifact.schema';

export const AGENT: Schema = artifact(
  {
    model: text(),
    system_prompt: text(),
    tools: listOf(oneOf(AGENT_TOOLS)),
    temperature: { type: 'number' },
    max_steps: integer(),
    output_schema: freeObject('JSON Schema the final answer must satisfy'),
    max_output_corrections: integer(),
  },
  ['model', 'system_prompt', 'tools', 'temperature', 'max_steps', 'output_schema', 'max_output_corrections'],
  'A versioned agent: settings agent nodes may name',
);
