import { APPROVAL_STATUSES, APPROVAL_TIMEOUT_ACTIONS } from '@steadfast/domain';
import { dateTime, listOf, nullableDateTime, nullableText, object, oneOf, text, type Schema } from '../schema-parts';

export const APPROVAL: Schema = object(
  {
    id: text(),
    run_id: text(),
    node_id: text(),
    title: text(),
    details: nullableText(),
    approvers: listOf(text(), 'User ids, or role:<name> entries; empty: any key with approvals:decide'),
    status: oneOf(APPROVAL_STATUSES),
    on_timeout: oneOf(APPROVAL_TIMEOUT_ACTIONS),
    expires_at: dateTime(),
    decided_by: nullableText(),
    comment: nullableText(),
    decided_at: nullableDateTime(),
    created_at: dateTime(),
  },
  { description: 'A human approval a run waits for' },
);
