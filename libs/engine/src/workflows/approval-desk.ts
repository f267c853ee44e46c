import { ApplicationFailure, CancellationScope, condition, isCancellation, log, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import { APPROVAL_VERDICTS, type ApprovalDecision, type ConfiguredNode } from '@steadfast/domain';
import type { ApprovalDecisionSignal } from '../contracts';
import type { ApprovalActivities, ApprovalDecisionInput, ApprovalRecord, ApprovalSettlement } from '../activities/approval.activities';
import { inLocalLane } from './local-lane';
import type { RunJournal } from './run-journal';

/*
 * Local: two small Postgres writes per approval, no task-queue round trip. Unlimited attempts, as for the
 * event log: if Postgres is away the approval waits for it rather than deciding without a record.
 */
const local = proxyLocalActivities<ApprovalActivities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '200ms', maximumInterval: '10s', backoffCoefficient: 2 },
});
const openApproval: ApprovalActivities['openApproval'] = (args) => inLocalLane(() => local.openApproval(args));
const settleApproval: ApprovalActivities['settleApproval'] = (args) => inLocalLane(() => local.settleApproval(args));

export interface ApprovalNodeOutput {
  approval_id: string;
  /** How the approval ended: decided, or expired and resolved by `on_timeout`. */
  status: 'approved' | 'rejected' | 'expired';
  decision: ApprovalDecision;
  decided_by: string | null;
  comment: string | null;
  decided_at: string | null;
}

const APPROVAL_ID = /^apr-[0-9a-f-]{36}$/;
const MAX_EARLY = 20;
const MAX_DECIDER = 128;
const MAX_COMMENT = 4000;

/**
 * The run's approvals: decisions arrive as signals at any time, approval nodes wait for theirs on a
 * durable timer, and the run shows `waiting_for_approval` while any is pending. Postgres arbitrates
 * between a decision the API stored, a signal, the timer and a cancel: the workflow follows the row.
 */
export class ApprovalDesk {
  /** Ids this run issued: a signal naming any other approval is ignored (and cannot grow the map). */
  private readonly issued = new Set<string>();
  private readonly decisions = new Map<string, ApprovalDecisionInput>();
  private readonly resolved = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly early = new Map<string, ApprovalDecisionInput>();

  constructor(
    private readonly journal: RunJournal,
    private readonly runId: string,
  ) {}

  /** The `approvalDecision` signal: the first decision for a pending approval of this run counts here. */
  receive(signal: ApprovalDecisionSignal): void {
    const id = typeof signal?.approval_id === 'string' ? signal.approval_id : '';
    if (this.resolved.has(id) || this.decisions.has(id) || this.early.has(id)) {
      log.info('approval decision ignored: the approval is already decided', { approvalId: id });
      return;
    }
    if (!APPROVAL_VERDICTS.includes(signal.decision) || !APPROVAL_ID.test(id)) {
      log.warn('approval decision ignored: it needs an approval_id and a decision of approve or reject', { approvalId: id.slice(0, 80) });
      return;
    }
    const text = (value: unknown, max: number) => (typeof value === 'string' && value !== '' ? value.slice(0, max) : null);
    const decision = { verdict: signal.decision, decidedBy: text(signal.decided_by, MAX_DECIDER), comment: text(signal.comment, MAX_COMMENT) };
    if (this.issued.has(id)) this.decisions.set(id, decision);
    // Not issued yet: after a worker crash the approval's row can be in the inbox (and decided) before the
    // re-run workflow task issues its id again. A few such decisions are kept until it does.
    else if (this.early.size < MAX_EARLY) this.early.set(id, decision);
  }

  /** The approval node: open the request, wait for a decision or the timeout, settle it in Postgres. */
  async request(node: ConfiguredNode<'approval'>): Promise<{ output: ApprovalNodeOutput; label: ApprovalDecision }> {
    const settings = node.config;
    const approvalId = `apr-${uuid4()}`;
    this.issued.add(approvalId);
    const early = this.early.get(approvalId);
    if (early) this.decisions.set(approvalId, early);
    const expiresAt = new Date(Date.now() + settings.timeoutMs).toISOString();
    const opened = await openApproval({
      approvalId,
      runId: this.runId,
      nodeId: node.id,
      title: settings.title,
      details: settings.details,
      approvers: settings.approvers,
      onTimeout: settings.onTimeout,
      expiresAt,
    });
    this.journal.append({
      type: 'approval_requested',
      approval_id: approvalId,
      node_id: node.id,
      title: settings.title,
      details: settings.details,
      approvers: settings.approvers,
      expires_at: expiresAt,
    });
    this.pending.add(approvalId);
    if (this.journal.status === 'running') this.journal.setStatus('waiting_for_approval');
    // A human will take a while: the request and the status reach Postgres (and the inbox) now.
    this.journal.flushSoon();

    let record: ApprovalRecord;
    try {
      // Decided already (stored by the API while a crashed worker's task was re-run): nothing to wait for.
      const known = opened.status !== 'pending';
      const decided = known || (await condition(() => this.decisions.has(approvalId), settings.timeoutMs));
      const decision = this.decisions.get(approvalId);
      const settlement: ApprovalSettlement = decided && decision ? { decision } : { expire: true };
      record = known ? opened : await CancellationScope.nonCancellable(() => settleApproval({ approvalId, settlement }));
    } catch (err) {
      if (isCancellation(err)) {
        // The run was cancelled (or failed elsewhere): the approval is withdrawn, unless a decision got there first.
        await CancellationScope.nonCancellable(() => settleApproval({ approvalId, settlement: { cancel: true } }));
        this.close(approvalId, false);
      }
      throw err;
    }
    this.close(approvalId, true);
    return this.outcome(node, approvalId, record, settings.onTimeout);
  }

  private close(approvalId: string, resume: boolean): void {
    this.resolved.add(approvalId);
    this.pending.delete(approvalId);
    this.decisions.delete(approvalId);
    if (resume && this.pending.size === 0 && this.journal.status === 'waiting_for_approval') this.journal.setStatus('running');
  }

  private outcome(
    node: ConfiguredNode<'approval'>,
    approvalId: string,
    record: ApprovalRecord,
    onTimeout: string,
  ): { output: ApprovalNodeOutput; label: ApprovalDecision } {
    const base = { approval_id: approvalId, decided_by: record.decided_by, comment: record.comment, decided_at: record.decided_at };
    if (record.status === 'approved' || record.status === 'rejected') {
      this.journal.append({
        type: 'approval_decided',
        approval_id: approvalId,
        node_id: node.id,
        decision: record.status,
        decided_by: record.decided_by,
        comment: record.comment,
      });
      return { output: { ...base, status: record.status, decision: record.status }, label: record.status };
    }
    // Expired (or, in theory, cancelled by someone else): the node's on_timeout decides.
    const action = onTimeout as 'reject' | 'approve' | 'fail';
    this.journal.append({ type: 'approval_expired', approval_id: approvalId, node_id: node.id, on_timeout: action });
    if (action === 'fail') throw ApplicationFailure.nonRetryable(`approval "${node.id}" expired without a decision`, 'ApprovalExpired');
    const decision: ApprovalDecision = action === 'approve' ? 'approved' : 'rejected';
    return { output: { ...base, status: 'expired', decision }, label: decision };
  }
}
