import type { ToolResult } from './tool-result';

export const PATCH_REJECTED = 'rejected: runtime patches are not supported yet';

/**
 * `patch_workflow`: the proposal is kept in the node's trace, so it can be read (and, once runtime patches
 * exist, applied); until then the model is told it was rejected and carries on without it.
 */
export function patchWorkflowTool(args: Record<string, unknown>): ToolResult {
  return {
    outcome: 'rejected',
    content: JSON.stringify({ error: PATCH_REJECTED }),
    summary: { patch: args.patch, ...(typeof args.reason === 'string' ? { reason: args.reason } : {}), error: PATCH_REJECTED },
  };
}
