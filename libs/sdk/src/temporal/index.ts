export {
  applyPatchSignal,
  approvalDecisionSignal,
  definitionQuery,
  eventsQuery,
  type ApplyPatchSignal,
  type ApprovalDecisionSignal,
  type PatchSource,
  type RunDagState,
  type RunEventsPage,
} from './run-workflow-contracts';
