import { PATCH_SOURCES, PATCH_STATUSES } from '@steadfast/domain';
import { dateTime, freeObject, listOf, nullableDateTime, nullableInteger, nullableText, object, oneOf, sha256, text, type Schema } from '../schema-parts';

export const PATCH: Schema = object(
  {
    id: text(),
    run_id: text(),
    status: oneOf(PATCH_STATUSES),
    source: oneOf(PATCH_SOURCES),
    node_id: nullableText('The agent node that proposed it (source agent)'),
    operations: listOf(freeObject('A JSON Patch (RFC 6902) operation')),
    reason: nullableText(),
    rejected_reason: nullableText(),
    base_revision: nullableInteger(),
    revision: nullableInteger('The revision it produced, once applied'),
    result_sha256: { ...sha256(), nullable: true },
    created_at: dateTime(),
    decided_at: nullableDateTime(),
  },
  { description: "A JSON Patch of a running run's graph, and its outcome" },
);
