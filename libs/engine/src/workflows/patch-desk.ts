import { log } from '@temporalio/workflow';
import { checkRunPatch, MAX_PATCH_OPERATIONS, PATCH_ID, type Dag, type PatchSource, type RunDagState } from '@steadfast/domain';
import type { ApplyPatchSignal, PatchOutcome } from '../contracts';
import type { RunJournal } from './run-journal';

/** What the desk needs of the scheduler: the graph and node states now, and a way to swap the graph. */
export interface PatchTarget {
  dagState(revision: number): RunDagState;
  /** Null when the run can no longer take changes (it is failing); otherwise the graph is replaced. */
  replaceDag(dag: Dag, added: string[], removed: string[]): string | null;
}

const SOURCES: PatchSource[] = ['api', 'agent', 'temporal'];
/* Outcomes kept for patchOutcome queries; a proposer polls for its own patch within seconds. */
const OUTCOME_MEMORY = 200;
const MAX_REASON = 2000;

/**
 * Runtime patches: the `applyPatch` signal's handler. Each patch is validated again here, against the
 * graph as it is when the signal is handled (the API checked an earlier state), applied before the
 * scheduler's next decision, and recorded: an event on the stream, a row in `patches`, the new graph
 * and revision on the run.
 */
export class PatchDesk {
  private revision = 0;
  private target: PatchTarget | undefined;
  private closedReason: string | undefined;
  private readonly waiting: ApplyPatchSignal[] = [];
  private readonly outcomes = new Map<string, PatchOutcome>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly journal: RunJournal,
    private readonly initialDag: Dag,
  ) {}

  /** The graph now; before the scheduler exists, the graph the run was started with. */
  definition(): RunDagState {
    return this.target ? this.target.dagState(this.revision) : { dag: this.initialDag, revision: 0, nodes: {} };
  }

  outcome(patchId: string): PatchOutcome | null {
    return this.outcomes.get(patchId) ?? null;
  }

  receive(signal: ApplyPatchSignal): void {
    if (typeof signal?.patch_id !== 'string' || !PATCH_ID.test(signal.patch_id)) {
      log.warn('patch ignored: patch_id must be 1-80 letters, digits, "_" or "-"');
      return;
    }
    // A resent signal (the API's retry, an agent's retried attempt) applies once.
    if (this.seen.has(signal.patch_id)) return;
    this.seen.add(signal.patch_id);
    if (this.closedReason !== undefined) {
      log.warn('patch ignored: the run has ended', { patchId: signal.patch_id });
      return;
    }
    if (!this.target) {
      this.waiting.push(signal);
      return;
    }
    this.apply(signal, this.target);
  }

  /** The scheduler exists: patches that arrived while the run was being claimed apply now, in order. */
  attach(target: PatchTarget): void {
    this.target = target;
    for (const signal of this.waiting.splice(0)) this.apply(signal, target);
  }

  /**
   * The run is ending: patches still queued are refused with this reason. Later signals are only logged:
   * the final batch may already be written, and the API refuses patches to a run that is not active.
   */
  close(reason: string): void {
    for (const signal of this.waiting.splice(0)) this.reject(signal, reason);
    this.closedReason = reason;
    this.target = undefined;
  }

  private apply(signal: ApplyPatchSignal, target: PatchTarget): void {
    const check = checkRunPatch(target.dagState(this.revision), signal.operations);
    if (!check.dag) return this.reject(signal, check.errors.join('; '));
    const refused = target.replaceDag(check.dag, check.added, check.removed);
    if (refused !== null) return this.reject(signal, refused);
    this.revision++;
    const reason = this.reasonOf(signal);
    this.remember({ patch_id: signal.patch_id, status: 'applied', revision: this.revision, reason: null });
    this.journal.append({
      type: 'patch_applied',
      patch_id: signal.patch_id,
      revision: this.revision,
      source: this.sourceOf(signal),
      added: check.added,
      removed: check.removed,
      changed: check.changed,
      reason,
    });
    this.journal.recordPatch(this.entry(signal, { status: 'applied', rejected_reason: null, revision: this.revision, dag: check.dag }), {
      dag: check.dag,
      dag_revision: this.revision,
    });
  }

  private reject(signal: ApplyPatchSignal, reason: string): void {
    this.remember({ patch_id: signal.patch_id, status: 'rejected', revision: null, reason });
    this.journal.append({ type: 'patch_rejected', patch_id: signal.patch_id, source: this.sourceOf(signal), reason });
    this.journal.recordPatch(this.entry(signal, { status: 'rejected', rejected_reason: reason, revision: null, dag: null }));
  }

  private entry(
    signal: ApplyPatchSignal,
    outcome: { status: 'applied' | 'rejected'; rejected_reason: string | null; revision: number | null; dag: Dag | null },
  ) {
    return {
      patch_id: signal.patch_id,
      source: this.sourceOf(signal),
      node_id: typeof signal.node_id === 'string' ? signal.node_id.slice(0, 64) : null,
      operations: Array.isArray(signal.operations) ? signal.operations.slice(0, MAX_PATCH_OPERATIONS) : [],
      reason: this.reasonOf(signal),
      ...outcome,
      decided_at: new Date().toISOString(),
    };
  }

  private sourceOf(signal: ApplyPatchSignal): PatchSource {
    return SOURCES.includes(signal.source) ? signal.source : 'temporal';
  }

  private reasonOf(signal: ApplyPatchSignal): string | null {
    return typeof signal.reason === 'string' && signal.reason !== '' ? signal.reason.slice(0, MAX_REASON) : null;
  }

  private remember(outcome: PatchOutcome): void {
    this.outcomes.set(outcome.patch_id, outcome);
    if (this.outcomes.size > OUTCOME_MEMORY) this.outcomes.delete(this.outcomes.keys().next().value as string);
  }
}
