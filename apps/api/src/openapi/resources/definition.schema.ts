import { freeObject, integer, listOf, object, oneOf, ref, sha256, text, type Schema } from '../schema-parts';
import { artifact } from './artifact.schema';

export const DAG_NODE: Schema = object(
  {
    id: text(),
    type: text('A node type of docs/api.md'),
    config: freeObject("The node type's settings"),
    depends_on: listOf(text()),
    when: text('Runs only when its label-choosing dependencies chose this label'),
    retry: object(
      { max_attempts: integer(), initial_interval_ms: integer(), backoff: { type: 'number' }, non_retryable: listOf(text()) },
      { optional: ['max_attempts', 'initial_interval_ms', 'backoff', 'non_retryable'] },
    ),
    timeout_ms: integer(),
    on_error: {
      description: 'fail_run (the default), continue, or {"handler": node id}',
      oneOf: [oneOf(['fail_run', 'continue']), object({ handler: text() })],
    },
  },
  { optional: ['when', 'retry', 'timeout_ms', 'on_error'], description: 'A node, normalised: defaults applied, edges folded into depends_on' },
);

const dag = (description: string): Schema =>
  object({ nodes: listOf(ref('DagNode')), timeout_ms: integer('Run deadline: past it the run ends as timed_out') }, { optional: ['timeout_ms'], description });

export const WORKFLOW: Schema = artifact(
  { nodes: listOf(ref('DagNode')), timeout_ms: integer(), input_schema: { ...freeObject('JSON Schema the run input must satisfy'), nullable: true } },
  ['timeout_ms'],
  'A versioned workflow definition',
);

export const RUN_DEFINITION: Schema = object(
  { revision: integer('0 as created; each applied patch adds one'), sha256: sha256(), dag: dag('The graph') },
  { description: 'The graph a run executes now, patches applied' },
);
