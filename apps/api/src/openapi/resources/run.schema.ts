import { NODE_STATUSES, RUN_STATUSES } from '@steadfast/domain';
import {
  anyJson,
  dateTime,
  integer,
  listOf,
  nullable,
  nullableDateTime,
  nullableInteger,
  nullableRef,
  nullableText,
  object,
  oneOf,
  ref,
  sha256,
  text,
  type Schema,
} from '../schema-parts';

export const TOKEN_USAGE: Schema = object(
  {
    prompt_tokens: integer(),
    cached_tokens: integer('Prompt tokens served from the provider cache (part of prompt_tokens)'),
    completion_tokens: integer(),
    total_tokens: integer(),
  },
  { description: 'Tokens model calls consumed, as OpenAI-compatible providers report them' },
);

export const OUTPUT_REF: Schema = object(
  { sha256: sha256('Address of the stored output'), size_bytes: integer() },
  { description: 'Where an output too large to keep inline is stored; GET .../nodes/{nodeId}/output returns it' },
);

export const RUN: Schema = object(
  {
    id: text('The run id, also its Temporal workflow id'),
    name: text(),
    status: oneOf(RUN_STATUSES),
    input: anyJson('The input the run was created with'),
    output: anyJson('The output of the run, null until it completes'),
    error: nullableText('Why the run failed, timed out or was canceled'),
    tags: listOf(text()),
    client_token: nullableText('The idempotency token it was created with'),
    created_at: dateTime(),
    updated_at: dateTime(),
    started_at: nullableDateTime(),
    completed_at: nullableDateTime(),
    canceled_at: nullableDateTime(),
    workflow: nullable(
      object(
        { name: nullableText('null for an inline definition'), version: nullableInteger(), sha256: sha256() },
        { description: 'The definition the run was created from; null for the default DAG' },
      ),
    ),
    usage: nullableRef('TokenUsage', "Tokens the run's agent nodes used; null when no node called a model"),
    temporal: object(
      { workflow_id: text(), run_id: nullableText('null until the workflow starts'), ui_url: text('The run in the Temporal Web UI') },
      { description: "The run's Temporal workflow" },
    ),
  },
  { description: 'A run: one execution of a DAG, one Temporal workflow' },
);

export const NODE_STATE: Schema = object(
  {
    id: text(),
    type: text(),
    status: oneOf(NODE_STATUSES),
    attempts: nullableInteger(),
    started_at: nullableDateTime(),
    completed_at: nullableDateTime(),
    output: anyJson('Absent when the output is stored by reference (see output_ref)'),
    output_ref: ref('OutputRef'),
    label: nullableText('The branch label the node chose'),
    error: nullableText(),
    skip_reason: nullableText(),
  },
  { optional: ['output', 'output_ref'], description: "A node's state, folded from the run's events" },
);
