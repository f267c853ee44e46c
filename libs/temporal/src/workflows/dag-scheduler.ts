import { CancellationScope, condition, isCancellation, setCurrentDetails } from '@temporalio/workflow';
import type { Dag, DagNode, NodeStatus, RunDagState, TemplateContext, TokenUsage } from '@steadfast/domain';
import { addUsage, containsOutputRef, ERROR_LABEL, nodeReadiness, sinkNodes, ZERO_USAGE, type DagView } from '@steadfast/domain';
import type { ApprovalDesk } from './approval-desk';
import { NODE_EXECUTORS, type NodeContext } from './node-executors';
import type { PatchTarget } from './patch-desk';
import { NodeMetrics, type NodeOutcome } from './node-metrics';
import type { RunJournal } from './run-journal';
import { renderNodeConfig } from './node-config';
import { failureMessage, NodeFailedError } from './node-failure';

interface NodeState {
  status: NodeStatus;
  /** Counts as done for its dependants: completed, skipped as an unknown type, or failed with on_error continue. */
  satisfied: boolean;
  /** The branch this node chose for its dependants' `when` (condition nodes; `error` for a routed failure). */
  label?: string;
  error?: string;
}

/**
 * Runs a DAG: every node whose dependencies are settled starts at once (parallel branches); a join waits
 * only for branches that can still run; nodes on an untaken branch end skipped; the first failure that
 * fails the run cancels the nodes still running.
 */
export class DagScheduler implements PatchTarget {
  private readonly state = new Map<string, NodeState>();
  private readonly scopes = new Map<string, CancellationScope>();
  private readonly ctx: NodeContext;
  private byId = new Map<string, DagNode>();
  private readonly view: DagView = { node: (id) => this.byId.get(id), state: (id) => this.state.get(id) };
  private failure: NodeFailedError | undefined;
  private changes = 0;
  /** Nodes whose output is (or holds) a stored-output reference: only then do templates and expressions need the store. */
  private readonly storedOutputs = new Set<string>();
  private readonly startedAt = new Map<string, number>();
  private readonly metrics = new NodeMetrics();
  /** Tokens the run's completed nodes used; undefined while no node has reported any. */
  usage: TokenUsage | undefined;

  constructor(
    private dag: Dag,
    private readonly journal: RunJournal,
    private readonly run: { id: string; name: string; input: unknown },
    approvals?: ApprovalDesk,
  ) {
    this.ctx = {
      runId: run.id,
      runInput: run.input,
      outputs: {},
      beforeLongWait: () => journal.flushSoon(),
      recordUsage: (usage) => this.addUsage(usage),
      ...(approvals ? { approvals } : {}),
    };
    for (const node of dag.nodes) this.state.set(node.id, { status: 'pending', satisfied: false });
    this.byId = new Map(dag.nodes.map((node) => [node.id, node]));
  }

  /** The graph and every node's state, as patches are checked against them (definitionQuery). */
  dagState(revision: number): RunDagState {
    const nodes: RunDagState['nodes'] = {};
    for (const [id, state] of this.state) {
      nodes[id] = { status: state.status, ...(state.label !== undefined ? { label: state.label } : {}), ...(state.satisfied ? { satisfied: true } : {}) };
    }
    return { dag: this.dag, revision, nodes };
  }

  /**
   * A checked patch takes effect: new nodes start pending, removed (pending) nodes are forgotten, and the
   * scheduler wakes, so new nodes whose dependencies are done start at once.
   */
  replaceDag(dag: Dag, added: string[], removed: string[]): string | null {
    if (this.failure) return `the run is failing (node "${this.failure.nodeId}" failed)`;
    this.dag = dag;
    for (const id of removed) this.state.delete(id);
    for (const id of added) this.state.set(id, { status: 'pending', satisfied: false });
    this.byId = new Map(dag.nodes.map((node) => [node.id, node]));
    this.changes++;
    return null;
  }

  async execute(): Promise<unknown> {
    for (;;) {
      if (!this.failure) this.launchReady();
      this.describeProgress();
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
    const sinks = sinkNodes(this.dag).filter((node) => this.state.get(node.id)?.status === 'completed');
    if (sinks.length === 1) return this.ctx.outputs[sinks[0].id];
    return Object.fromEntries(sinks.map((node) => [node.id, this.ctx.outputs[node.id]]));
  }

  private running(): number {
    return [...this.state.values()].filter((state) => state.status === 'running').length;
  }

  /** The Temporal UI's "current details" for this run: which nodes are running now (no history cost). */
  private describeProgress(): void {
    const running = this.dag.nodes.filter((node) => this.state.get(node.id)?.status === 'running');
    const settled = [...this.state.values()].filter((state) => state.status !== 'pending' && state.status !== 'running').length;
    const names = running.slice(0, 10).map((node) => `${node.id} (${node.type})`);
    if (running.length > names.length) names.push(`and ${running.length - names.length} more`);
    setCurrentDetails(`${settled} of ${this.dag.nodes.length} nodes settled${names.length > 0 ? `; running: ${names.join(', ')}` : ''}`);
  }

  /** Repeats until a pass changes nothing: a skip can make later (or earlier-listed) nodes decidable. */
  private launchReady(): void {
    let decided = true;
    while (decided && !this.failure) {
      decided = false;
      for (const node of this.dag.nodes) {
        if (this.state.get(node.id)?.status !== 'pending') continue;
        const verdict = nodeReadiness(node, this.view);
        if (verdict === 'wait') continue;
        decided = true;
        if (verdict === 'run') this.launch(node);
        else {
          this.settle(node, { status: 'skipped', satisfied: false });
          this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason: verdict.skip });
        }
      }
    }
  }

  private templateContext(): TemplateContext {
    const nodes: TemplateContext['nodes'] = {};
    for (const [id, state] of this.state) {
      if (state.status === 'pending' || state.status === 'running') continue;
      nodes[id] = { status: state.status, output: this.ctx.outputs[id] ?? null, error: state.error ?? null };
    }
    return { input: this.run.input ?? null, nodes, run: { id: this.run.id, name: this.run.name } };
  }

  private launch(node: DagNode): void {
    const executor = NODE_EXECUTORS[node.type];
    if (!executor) {
      // Graceful degradation: an unknown type must not hang the run; its dependants still run.
      this.journal.append({ type: 'log', level: 'warn', node_id: node.id, message: `unknown node type "${node.type}"; node skipped` });
      this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason: 'unknown node type' });
      this.ctx.outputs[node.id] = null;
      this.settle(node, { status: 'skipped', satisfied: true });
      return;
    }
    this.state.set(node.id, { status: 'running', satisfied: false });
    this.startedAt.set(node.id, Date.now());
    this.journal.append({ type: 'node_started', node_id: node.id, node_type: node.type });
    const scope = new CancellationScope();
    this.scopes.set(node.id, scope);
    const templates = this.templateContext();
    const storedOutputs = this.storedOutputs.size > 0;
    scope
      .run(async () => {
        const config = await renderNodeConfig(node, templates, storedOutputs);
        return executor({ ...node, config }, { ...this.ctx, templates, ...(storedOutputs ? { storedOutputs } : {}) });
      })
      .then(
        (result) => {
          this.ctx.outputs[node.id] = result.output;
          if (containsOutputRef(result.output)) this.storedOutputs.add(node.id);
          this.journal.append({
            type: 'node_completed',
            node_id: node.id,
            node_type: node.type,
            output: result.output,
            ...(result.label !== undefined ? { label: result.label } : {}),
            ...(result.attempts !== undefined ? { attempts: result.attempts } : {}),
            ...(result.usage !== undefined ? { usage: result.usage } : {}),
          });
          if (result.usage) this.addUsage(result.usage);
          this.settle(node, { status: 'completed', satisfied: true, label: result.label });
        },
        (err: unknown) => this.onFailure(node, err),
      );
  }

  private onFailure(node: DagNode, err: unknown): void {
    if (isCancellation(err)) {
      const reason = this.failure ? `canceled after node "${this.failure.nodeId}" failed` : 'run canceled';
      // A node cancelled with its run gets no event of its own: its run's `canceled` status says it.
      if (this.failure) this.journal.append({ type: 'node_failed', node_id: node.id, node_type: node.type, error: reason });
      this.settle(node, { status: 'canceled', satisfied: false });
      return;
    }
    const reason = failureMessage(err);
    this.journal.append({ type: 'node_failed', node_id: node.id, node_type: node.type, error: reason });
    const onError = node.on_error ?? 'fail_run';
    if (onError === 'continue') {
      this.ctx.outputs[node.id] = null;
      this.settle(node, { status: 'failed', satisfied: true, error: reason });
      return;
    }
    if (typeof onError === 'object') {
      this.ctx.outputs[node.id] = null;
      this.settle(node, { status: 'failed', satisfied: false, label: ERROR_LABEL, error: reason });
      return;
    }
    this.settle(node, { status: 'failed', satisfied: false, error: reason });
    if (!this.failure) {
      this.failure = new NodeFailedError(node.id, reason);
      for (const [id, other] of this.scopes) if (id !== node.id) other.cancel();
    }
  }

  /** Nodes that never started because the run stopped early still get a final word on the stream. */
  private skipPending(reason: string): void {
    for (const node of this.dag.nodes) {
      if (this.state.get(node.id)?.status !== 'pending') continue;
      this.journal.append({ type: 'node_skipped', node_id: node.id, node_type: node.type, reason });
      this.settle(node, { status: 'skipped', satisfied: false });
    }
  }

  private addUsage(usage: TokenUsage): void {
    this.usage = addUsage(this.usage ?? ZERO_USAGE, usage);
  }

  private settle(node: DagNode, state: NodeState): void {
    this.state.set(node.id, state);
    this.scopes.delete(node.id);
    this.changes++;
    const started = this.startedAt.get(node.id);
    const nodeType = NODE_EXECUTORS[node.type] ? node.type : 'unknown'; // user-chosen type names must not grow label sets
    this.metrics.record(nodeType, state.status as NodeOutcome, started === undefined ? undefined : (Date.now() - started) / 1000);
  }
}
