// The workflow bundle's root: every workflow type the worker registers.
export { runWorkflow } from './run.workflow';
export { purgeIdempotencyKeysWorkflow } from './purge-idempotency.workflow';
export { baselineApprovalWorkflow, baselineChainWorkflow, baselineWorkflow } from './baseline.workflow';
