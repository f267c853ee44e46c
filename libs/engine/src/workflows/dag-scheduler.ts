import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { Dag, DagNode, RunDagState, TokenUsage } from '@steadfast/domain';
import { isNodeType, nodeReadiness } from '@steadfast/domain';
import type { ApprovalDesk } from './approval-desk';
import { DagState, type NodeState } from './dag-state';
import { executorFor, type NodeContext, type NodeResult } from './node-executors';
import { NodeEvents } from './node-events';
import { failedState, failureMessage, NodeFailedError } from './node-failure';
import { NodeMetrics, type NodeOutcome } from './node-metrics';
import { NodeOutputs } from './node-outputs';
import { NodeScopes } from './node-scopes';
import { renderNodeConfig } from './node-config';
import type { PatchTarget } from './patch-desk';
import type { RunJournal } from './run-journal';
import { describeProgress } from './run-progress';
import { RunUsage } from './run-usage';
import { templateContext } from './template-context';

/**
 * Runs a DAG: every node the readiness rule (libs/domain `nodeReadiness`) lets run starts at once
 * (parallel branches), nodes it rules out end skipped, and the first failure that fails the run cancels
 * the nodes still running. The parts it coordinates each have their own file.
 */
export class DagScheduler implements PatchTarget {
  private readonly state: DagState;
  private readonly scopes = new NodeScopes();
  private readonly outputs = new NodeOutputs();
  private readonly spent = new RunUsage();
  private readonly metrics = new NodeMetrics();
  private readonly events: NodeEvents;
  private readonly ctx: NodeContext;
  private failure: NodeFailedError | undefined;
  /** Bumped by every settled node and applied patch: the scheduling loop wakes on it. */
  private changes = 0;

  constructor(
    dag: Dag,
    journal: RunJournal,
    private readonly run: { id: string; name: string; input: unknown },
    approvals?: ApprovalDesk,
  ) {
    this.events = new NodeEvents(journal);
    this.ctx = {
      runId: run.id,
      runInput: run.input,
      outputs: this.outputs.values,
      beforeLongWait: () => journal.flushSoon(),
      recordUsage: (usage) => this.spent.add(usage),
      ...(approvals ? { approvals } : {}),
    };
    this.state = new DagState(dag);
  }

  /** Tokens the run's nodes used; undefined while no node has reported any. */
  get usage(): TokenUsage | undefined {
    return this.spent.total;
  }

  dagState(revision: number): RunDagState {
    return this.state.snapshot(revision);
  }

  /** A checked patch takes effect, and the scheduler wakes: new nodes whose dependencies are done start at once. */
  replaceDag(dag: Dag, added: string[], removed: string[]): string | null {
    if (this.failure) return `the run is failing (node "${this.failure.nodeId}" failed)`;
    this.state.replace(dag, added, removed);
    this.changes++;
    return null;
  }

  async execute(): Promise<unknown> {
    for (;;) {
      if (!this.failure) this.launchReady();
      describeProgress(this.state);
      if (this.running() === 0) break;
      const seen = this.changes;
      try {
        await condition(() => this.changes !== seen);
      } catch (err) {
        // Cancelled (by the user or the run's deadline): the nodes' scopes are cancelled too. Their clean-up
        // (an approval withdrawn in Postgres) finishes before the run records its end, or the execution
        // could close with that clean-up's command never sent.
        if (isCancellation(err)) await CancellationScope.nonCancellable(() => condition(() => this.running() === 0));
        throw err;
      }
    }
    if (this.failure) {
      this.skipPending('the run failed');
      throw this.failure;
    }
    return this.outputs.runOutput(this.state);
  }

  private running(): number {
    return this.state.count((state) => state.status === 'running');
  }

  /** Repeats until a pass changes nothing: a skip can make later (or earlier-listed) nodes decidable. */
  private launchReady(): void {
    let decided = true;
    while (decided && !this.failure) {
      decided = false;
      for (const node of this.state.dag.nodes) {
        if (this.state.statusOf(node.id) !== 'pending') continue;
        const verdict = nodeReadiness(node, this.state);
        if (verdict === 'wait') continue;
        decided = true;
        if (verdict === 'run') this.launch(node);
        else {
          this.settle(node, { status: 'skipped', satisfied: false });
          this.events.skipped(node, verdict.skip);
        }
      }
    }
  }

  private launch(node: DagNode): void {
    const executor = executorFor(node.type);
    if (!executor) {
      // Graceful degradation: an unknown type must not hang the run; its dependants still run.
      this.events.unknownType(node);
      this.outputs.none(node.id);
      this.settle(node, { status: 'skipped', satisfied: true });
      return;
    }
    this.state.set(node.id, { status: 'running', satisfied: false });
    this.metrics.started(node.id);
    this.events.started(node);
    const scope = this.scopes.open(node.id);
    const templates = templateContext(this.state, this.outputs.values, this.run);
    const storedOutputs = this.outputs.anyStored;
    scope
      .run(async () => {
        const config = await renderNodeConfig(node, templates, storedOutputs);
        return executor({ ...node, config }, { ...this.ctx, templates, ...(storedOutputs ? { storedOutputs } : {}) });
      })
      .then(
        (result) => this.onCompleted(node, result),
        (err: unknown) => this.onFailure(node, err),
      );
  }

  private onCompleted(node: DagNode, result: NodeResult): void {
    this.outputs.record(node.id, result.output);
    this.events.completed(node, result);
    if (result.usage) this.spent.add(result.usage);
    this.settle(node, { status: 'completed', satisfied: true, label: result.label });
  }

  private onFailure(node: DagNode, err: unknown): void {
    if (isCancellation(err)) {
      // A node cancelled with its run gets no event of its own: its run's `canceled` status says it.
      if (this.failure) this.events.failed(node, `canceled after node "${this.failure.nodeId}" failed`);
      this.settle(node, { status: 'canceled', satisfied: false });
      return;
    }
    const reason = failureMessage(err);
    this.events.failed(node, reason);
    const { state, failsRun } = failedState(node, reason);
    if (!failsRun) this.outputs.none(node.id);
    this.settle(node, state);
    if (failsRun && !this.failure) {
      this.failure = new NodeFailedError(node.id, reason);
      this.scopes.cancelAllBut(node.id);
    }
  }

  /** Nodes that never started because the run stopped early still get a final word on the stream. */
  private skipPending(reason: string): void {
    for (const node of this.state.dag.nodes) {
      if (this.state.statusOf(node.id) !== 'pending') continue;
      this.events.skipped(node, reason);
      this.settle(node, { status: 'skipped', satisfied: false });
    }
  }

  private settle(node: DagNode, state: NodeState): void {
    this.state.set(node.id, state);
    this.scopes.close(node.id);
    this.changes++;
    this.metrics.settled(node, state.status as NodeOutcome, isNodeType(node.type));
  }
}
