import type { TokenUsage } from '../agents/token-usage';
import type { ApprovalDecision, ApprovalTimeoutAction } from '../approvals/approval-config';
import type { PatchSource } from '../patches/run-patch';
import type { RunStatus } from './run-status';

/** Every frame a run's stream carries; `seq` is assigned by the run's workflow, so it is gap-free and ordered. */
export type RunEventBody =
  | { type: 'status_update'; status: RunStatus }
  | { type: 'node_started'; node_id: string; node_type: string; attempt?: number }
  | { type: 'node_completed'; node_id: string; node_type: string; output: unknown; label?: string; attempts?: number; usage?: TokenUsage }
  | { type: 'node_failed'; node_id: string; node_type: string; error: string }
  | { type: 'node_skipped'; node_id: string; node_type: string; reason: string }
  | { type: 'approval_requested'; approval_id: string; node_id: string; title: string; details: string | null; approvers: string[]; expires_at: string }
  | { type: 'approval_decided'; approval_id: string; node_id: string; decision: ApprovalDecision; decided_by: string | null; comment: string | null }
  | { type: 'approval_expired'; approval_id: string; node_id: string; on_timeout: ApprovalTimeoutAction }
  | {
      type: 'patch_applied';
      patch_id: string;
      revision: number;
      source: PatchSource;
      added: string[];
      removed: string[];
      changed: string[];
      reason: string | null;
    }
  | { type: 'patch_rejected'; patch_id: string; source: PatchSource; reason: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; node_id?: string }
  | { type: 'final'; status: RunStatus; output: unknown; error: string | null };

export type RunEventType = RunEventBody['type'];

export type RunEvent = RunEventBody & { seq: number; run_id: string; timestamp: string };
