import { Injectable, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { ApprovalRepository, type ApprovalEntity } from '@steadfast/persistence';
import { approvalDecisionSignal, type ApprovalDecisionSignal } from '@steadfast/engine';
import { RunWorkflowGateway } from '../infrastructure/run-workflow.gateway';

export type Delivery = 'delivered' | 'run-closed' | 'undelivered';

/**
 * Tells a run about a decision already stored in Postgres (signal `approvalDecision` to workflow id = run
 * id), then marks it signalled. Sending twice is harmless: the workflow settles an approval once, and
 * Postgres holds the decision that counts.
 */
@Injectable()
export class ApprovalSignaler {
  private readonly logger = new Logger(ApprovalSignaler.name);

  constructor(
    private readonly workflows: RunWorkflowGateway,
    private readonly approvals: ApprovalRepository,
  ) {}

  /** `approval` is decided (approved or rejected): callers pass only what `decide` or the outbox returned. */
  async deliver(approval: ApprovalEntity): Promise<Delivery> {
    const delivery = await this.signal(approval);
    if (delivery !== 'undelivered') await this.approvals.markSignaled(approval.id);
    return delivery;
  }

  private async signal(approval: ApprovalEntity): Promise<Delivery> {
    const log = { run_id: approval.runId, workflow_id: approval.runId, approval_id: approval.id };
    const signal: ApprovalDecisionSignal = {
      approval_id: approval.id,
      decision: approval.status === 'approved' ? 'approve' : 'reject',
      ...(approval.decidedBy === null ? {} : { decided_by: approval.decidedBy }),
      ...(approval.comment === null ? {} : { comment: approval.comment }),
    };
    try {
      // Within the gateway's deadline even when Temporal does not answer; the outbox delivers later.
      await this.workflows.signal(approval.runId, approvalDecisionSignal, signal);
      return 'delivered';
    } catch (err) {
      // The run has ended (finished, canceled, terminated): no workflow is left to tell.
      if (err instanceof DomainError && err.code === DomainErrorCode.RunNotActive) {
        this.logger.log({ ...log }, 'approval decision not signalled: the run has no open workflow');
        return 'run-closed';
      }
      this.logger.warn({ ...log, err }, 'approval decision stored but not yet signalled; the outbox will retry');
      return 'undelivered';
    }
  }
}
