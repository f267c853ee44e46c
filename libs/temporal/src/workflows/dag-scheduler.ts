import { CancellationScope, condition, isCancellation } from '@temporalio/workflow';
import type { Dag, DagNode, NodeStatus } from '@steadfast/domain';
import { sinkNodes } from '@steadfast/domain';
import { NODE_EXECUTORS, type NodeContext } from './node-executors';
import type { RunJournal } from './run-journal';

/** Thrown when a node fails and the run fails with it (on_error: fail_run, the default). */
export class NodeFailedError extends Error {
  constructor(
    readonly nodeId: string,
    readonly reason: string,
  ) {
    super(`node "${nodeId}" failed: ${reason}`);
  }
}

function failureMessage(err: unknown): string {
  if (err instanceof Error) {
    // Temporal wraps activity errors in ActivityFailure; the cause carries the activity's own message.
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : err.message;
  }
  return String(err);
}

/**
 * Runs a DAG: every node whose dependencies completed starts at once (parallel branches), joins wait for
 * all their dependencies, and the first failure cancels the nodes still running.
 */
export class DagScheduler {
  private readonly status = new Map<string, NodeStatus>();
  private readonly scopes = new Map<string, CancellationScope>();
  private readonly ctx: NodeContext;
  /** Nodes skipped for an unknown type: their dependants run as if they had completed with null. */
  private readonly passThrough = new Set<string>();
  private failure: NodeFailedError | undefined;
  private changes = 0;

  constructor(
    private readonly dag: Dag,
    private readonly journal: RunJournal,
    runId: string,
    runInput: unknown,
  ) {
    this.ctx = { runId, runInput, outputs: {}, beforeLongWait: () => journal.flushSoon() };
    for (const node of dag.nodes) this.status.set(node.id, 'pending');
  }

  async execute(): Promise<unknown> {
    for (;;) {
      if (!this.failure) this.launchReady();
      if (this.count('running') === 0) break;
      const seen = this.changes;
      await condition(() => this.changes !== seen);
    }
    if (this.failure) {
      this.skipPending('the run failed');
      throw this.failure;
    }
    const sinks = sinkNodes(this.dag).filter((node) => this.status.get(node.id) === 'completed');
    if (sinks.length === 1) return this.ctx.outputs[sinks[0].id];
    return Object.fromEntries(sinks.map((node) => [node.id, this.ctx.outputs[node.id]]));
  }

  private count(status: NodeStatus): number {
    return [...this.status.values()].filter((value) => value === status).length;
  }

  private launchReady(): void {
    for (const node of this.dag.nodes) {
      if (this.status.get(node.id) !== 'pending') continue;
      const deps = node.depends_on.map((dep) => (this.passThrough.has(dep) ? 'completed' : this.status.get(dep)));
      if (deps.every((status) => status === 'completed')) this.launch(node);
      else if (deps.some((status) => status === 'skipped' || status === 'failed' || status === 'canceled')) {
        this.settle(node, 'skipped');
        this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason: 'a dependency did not complete' });
      }
    }
  }

  private launch(node: DagNode): void {
    const executor = NODE_EXECUTORS[node.type];
    if (!executor) {
      // Graceful degradation: an unknown type must not hang the run; its dependants still run.
      this.journal.append({ type: 'log', level: 'warn', node_id: node.id, message: `unknown node type "${node.type}"; node skipped` });
      this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason: 'unknown node type' });
      this.ctx.outputs[node.id] = null;
      this.passThrough.add(node.id);
      this.settle(node, 'skipped');
      return;
    }
    this.status.set(node.id, 'running');
    this.journal.append({ type: 'node_started', node_id: node.id, node_type: node.type });
    const scope = new CancellationScope();
    this.scopes.set(node.id, scope);
    scope
      .run(() => executor(node, this.ctx))
      .then(
        (output) => {
          this.ctx.outputs[node.id] = output;
          this.journal.append({ type: 'node_completed', node_id: node.id, node_type: node.type, output });
          this.settle(node, 'completed');
        },
        (err: unknown) => {
          if (isCancellation(err)) {
            const reason = this.failure ? `canceled after node "${this.failure.nodeId}" failed` : 'run canceled';
            // A node cancelled with its run gets no event of its own: its run's `canceled` status says it.
            if (this.failure) this.journal.append({ type: 'node_failed', node_id: node.id, node_type: node.type, error: reason });
            this.settle(node, 'canceled');
            return;
          }
          const reason = failureMessage(err);
          this.journal.append({ type: 'node_failed', node_id: node.id, node_type: node.type, error: reason });
          this.settle(node, 'failed');
          if (!this.failure) {
            this.failure = new NodeFailedError(node.id, reason);
            for (const [id, other] of this.scopes) if (id !== node.id) other.cancel();
          }
        },
      );
  }

  /** Nodes that never started because the run stopped early still get a final word on the stream. */
  private skipPending(reason: string): void {
    for (const node of this.dag.nodes) {
      if (this.status.get(node.id) !== 'pending') continue;
      this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason });
      this.settle(node, 'skipped');
    }
  }

  private settle(node: DagNode, status: NodeStatus): void {
    this.status.set(node.id, status);
    this.scopes.delete(node.id);
    this.changes++;
  }
}
