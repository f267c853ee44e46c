import { APPROVAL_TIMEOUT_ACTIONS, PATCH_SOURCES, RUN_STATUSES, type RunEventType } from '@steadfast/domain';
import { anyJson, dateTime, integer, listOf, nullableText, object, oneOf, ref, text, type Schema } from '../schema-parts';

interface Variant {
  description: string;
  fields: Record<string, Schema>;
  optional?: string[];
}

/** Every event type with its own fields; `satisfies` keeps the list complete as RunEventType grows. */
const VARIANTS = {
  status_update: { description: 'The run changed status', fields: { status: oneOf(RUN_STATUSES) } },
  node_started: {
    description: 'A node began an attempt',
    fields: { node_id: text(), node_type: text(), attempt: integer() },
    optional: ['attempt'],
  },
  node_completed: {
    description: 'A node finished with an output',
    fields: {
      node_id: text(),
      node_type: text(),
      output: anyJson('The output, or {"$ref": {sha256, size_bytes}} when stored by reference'),
      label: text('The branch label the node chose'),
      attempts: integer(),
      usage: ref('TokenUsage'),
    },
    optional: ['label', 'attempts', 'usage'],
  },
  node_failed: { description: 'A node failed after its retries', fields: { node_id: text(), node_type: text(), error: text() } },
  node_skipped: { description: 'A node will not run (its branch was not taken)', fields: { node_id: text(), node_type: text(), reason: text() } },
  approval_requested: {
    description: 'An approval node is waiting for a decision',
    fields: { approval_id: text(), node_id: text(), title: text(), details: nullableText(), approvers: listOf(text()), expires_at: dateTime() },
  },
  approval_decided: {
    description: 'An approval was decided',
    fields: {
      approval_id: text(),
      node_id: text(),
      decision: oneOf(['approved', 'rejected']),
      decided_by: nullableText(),
      comment: nullableText(),
    },
  },
  approval_expired: {
    description: 'An approval timed out and its on_timeout action applied',
    fields: { approval_id: text(), node_id: text(), on_timeout: oneOf(APPROVAL_TIMEOUT_ACTIONS) },
  },
  patch_applied: {
    description: "A patch changed the run's graph",
    fields: {
      patch_id: text(),
      revision: integer(),
      source: oneOf(PATCH_SOURCES),
      added: listOf(text()),
      removed: listOf(text()),
      changed: listOf(text()),
      reason: nullableText(),
    },
  },
  patch_rejected: { description: 'A patch was refused by the run', fields: { patch_id: text(), source: oneOf(PATCH_SOURCES), reason: text() } },
  log: {
    description: 'A log line (agent tokens, tool calls)',
    fields: { level: oneOf(['info', 'warn', 'error']), message: text(), node_id: text() },
    optional: ['node_id'],
  },
  final: {
    description: 'The last event of every run',
    fields: { status: oneOf(RUN_STATUSES), output: anyJson('The run output'), error: nullableText() },
  },
} satisfies Record<RunEventType, Variant>;

const componentName = (type: string) => `${type.replace(/(^|_)([a-z])/g, (_, __: string, c: string) => c.toUpperCase())}Event`;

/** One component per event type: NodeStartedEvent, ..., FinalEvent. */
export const RUN_EVENT_VARIANTS: Record<string, Schema> = {};
const mapping: Record<string, string> = {};
{
  for (const [type, variant] of Object.entries(VARIANTS) as [RunEventType, Variant][]) {
    const name = componentName(type);
    RUN_EVENT_VARIANTS[name] = object(
      {
        seq: integer('Position in the run, from 1, gap-free; the SSE id'),
        run_id: text(),
        timestamp: dateTime(),
        type: oneOf([type]),
        ...variant.fields,
      },
      { optional: variant.optional, description: variant.description },
    );
    mapping[type] = `#/components/schemas/${name}`;
  }
}

/** Their union, told apart by `type`. */
export const RUN_EVENT: Schema = {
  description: "An event of a run's log: what the stream sends and GET /api/runs/{id}/events pages",
  oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
  discriminator: { propertyName: 'type', mapping },
};

export const STREAM_CONNECTED: Schema = object(
  {
    type: oneOf(['connected']),
    run_id: text(),
    status: oneOf(RUN_STATUSES),
    resume_after: integer('The Last-Event-ID the stream resumed after (0 for the start)'),
    timestamp: dateTime(),
  },
  { description: 'The first frame of every stream, without an SSE id: not a run event' },
);
