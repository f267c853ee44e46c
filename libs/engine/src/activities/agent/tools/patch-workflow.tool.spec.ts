import { checkRunPatch, PATCH_ID, type RunDagState } from '@steadfast/domain';
import type { ApplyPatchSignal, PatchOutcome } from '../../../contracts';
import { agentPatchId, patchWorkflowTool, type RunPatchChannel } from './patch-workflow.tool';

/** What patch_workflow tells the model, as these tests read it. */
interface ToolAnswer {
  status: string;
  errors?: string[];
  instruction?: string;
  reason?: string;
}

/**
 * A stand-in for the run's workflow: it holds the graph, checks each signalled patch again with the same
 * domain check, remembers outcomes by patch id and ignores an id it has seen, as the real one does.
 */
class FakeRun implements RunPatchChannel {
  readonly signals: ApplyPatchSignal[] = [];
  readonly outcomes = new Map<string, PatchOutcome>();
  /** Set to leave signals undecided (a workflow that has not processed them yet). */
  silent = false;
  /** Applied to the graph after the tool read it and before the signal arrives. */
  moveOn?: (state: RunDagState) => void;

  constructor(public state: RunDagState) {}

  async definition() {
    return structuredClone(this.state);
  }

  async apply(patch: ApplyPatchSignal) {
    this.signals.push(patch);
    this.moveOn?.(this.state);
    if (this.silent || this.outcomes.has(patch.patch_id)) return;
    const check = checkRunPatch(this.state, patch.operations);
    if (check.dag) {
      this.state = { ...this.state, dag: check.dag, revision: this.state.revision + 1 };
      this.outcomes.set(patch.patch_id, { patch_id: patch.patch_id, status: 'applied', revision: this.state.revision, reason: null });
    } else {
      this.outcomes.set(patch.patch_id, { patch_id: patch.patch_id, status: 'rejected', revision: null, reason: check.errors.join('; ') });
    }
  }

  async outcome(patchId: string) {
    return this.outcomes.get(patchId) ?? null;
  }
}

const agentRunning = (): RunDagState => ({
  dag: {
    nodes: [
      { id: 'fetch', type: 'echo', config: { value: 1 }, depends_on: [] },
      { id: 'agent', type: 'agent', config: { prompt: 'x' }, depends_on: ['fetch'] },
    ],
  },
  revision: 0,
  nodes: { fetch: { status: 'completed', satisfied: true }, agent: { status: 'running' } },
});

const addFollowUp = [{ op: 'add', path: '/nodes/-', value: { id: 'follow_up', type: 'echo', config: { value: 'added by agent' }, depends_on: ['agent'] } }];

describe('patchWorkflowTool', () => {
  const ctx = (run: RunPatchChannel, overrides: Partial<Parameters<typeof patchWorkflowTool>[1]> = {}) => ({
    patches: run,
    runId: 'run-1',
    nodeId: 'agent',
    step: 1,
    callId: 'call_1',
    signal: new AbortController().signal,
    pollMs: 1,
    ...overrides,
  });

  it('signals an accepted patch as the agent node and tells the model it was applied, at which revision', async () => {
    const run = new FakeRun(agentRunning());
    const sut = await patchWorkflowTool({ patch: addFollowUp, reason: 'notify afterwards' }, ctx(run));

    const patchId = agentPatchId('run-1', 'agent', 1, 'call_1');
    expect(run.signals).toEqual([{ patch_id: patchId, operations: addFollowUp, reason: 'notify afterwards', source: 'agent', node_id: 'agent' }]);
    expect(run.state.dag.nodes.map((node) => node.id)).toEqual(['fetch', 'agent', 'follow_up']);
    expect(sut.outcome).toBe('ok');
    expect(JSON.parse(sut.content)).toEqual({ status: 'applied', patch_id: patchId, revision: 1, added: ['follow_up'], removed: [], changed: [] });
    expect(sut.summary).toEqual({ patch: addFollowUp, reason: 'notify afterwards', patch_id: patchId, status: 'applied', revision: 1 });
  });

  it('answers a patch the check refuses with its errors, without signalling the run', async () => {
    const run = new FakeRun(agentRunning());
    const editSelf = [{ op: 'replace', path: '/nodes/1/config', value: { prompt: 'something else' } }];
    const sut = await patchWorkflowTool({ patch: editSelf }, ctx(run));

    expect(run.signals).toEqual([]);
    expect(sut.outcome).toBe('rejected');
    const answer = JSON.parse(sut.content) as ToolAnswer;
    expect(answer).toMatchObject({ status: 'rejected', errors: ['node "agent" is running; only pending nodes can be changed'] });
    expect(answer.instruction).toMatch(/call patch_workflow again/);
    expect(sut.summary).toEqual({ patch: editSelf, status: 'rejected', error: 'patch rejected: node "agent" is running; only pending nodes can be changed' });
  });

  it('refuses a sixth agent node, so the model can carry on without it', async () => {
    const run = new FakeRun(agentRunning());
    const agents = Array.from({ length: 5 }, (_, i) => ({
      op: 'add',
      path: '/nodes/-',
      value: { id: `helper${i}`, type: 'agent', config: { prompt: 'help' }, depends_on: ['agent'] },
    }));
    const sut = await patchWorkflowTool({ patch: agents }, ctx(run));

    expect(run.signals).toEqual([]);
    expect((JSON.parse(sut.content) as ToolAnswer).errors?.[0]).toMatch(
      /^the patched workflow is invalid: workflow has 6 agent nodes .*; at most 5 are allowed$/,
    );
  });

  it("passes on the workflow's refusal when the run moved on between the check and the signal", async () => {
    const run = new FakeRun(agentRunning());
    run.moveOn = (state) => state.dag.nodes.push({ id: 'follow_up', type: 'echo', config: {}, depends_on: [] });
    const sut = await patchWorkflowTool({ patch: addFollowUp }, ctx(run));

    expect(sut.outcome).toBe('rejected');
    const answer = JSON.parse(sut.content) as ToolAnswer;
    expect(answer).toMatchObject({ status: 'rejected', patch_id: run.signals[0].patch_id });
    expect(answer.reason).toMatch(/follow_up/);
    expect(sut.summary.error).toBe(`patch rejected: ${answer.reason}`);
  });

  it('says pending when the workflow has not decided within the wait', async () => {
    const run = new FakeRun(agentRunning());
    run.silent = true;
    const sut = await patchWorkflowTool({ patch: addFollowUp }, ctx(run, { waitMs: 20 }));

    expect(sut.outcome).toBe('ok');
    expect(JSON.parse(sut.content)).toMatchObject({ status: 'pending', patch_id: run.signals[0].patch_id });
  });

  it('stops waiting when the activity is cancelled, with the cancellation', async () => {
    const run = new FakeRun(agentRunning());
    run.silent = true;
    const controller = new AbortController();
    const cancelled = new Error('activity cancelled');
    setTimeout(() => controller.abort(cancelled), 20);
    const started = Date.now();

    await expect(patchWorkflowTool({ patch: addFollowUp }, ctx(run, { signal: controller.signal, pollMs: 5_000, waitMs: 60_000 }))).rejects.toBe(cancelled);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers with a tool error when the run cannot be reached, so the model can go on', async () => {
    const run = new FakeRun(agentRunning());
    run.definition = async () => {
      throw new Error('Temporal is down');
    };
    const sut = await patchWorkflowTool({ patch: addFollowUp }, ctx(run));

    expect(sut.outcome).toBe('error');
    expect(JSON.parse(sut.content)).toEqual({ error: 'the patch could not be proposed: Temporal is down' });
  });

  it('gives a repeated call (a retried attempt) the same patch id, so the workflow applies it once', async () => {
    const run = new FakeRun(agentRunning());
    const first = await patchWorkflowTool({ patch: addFollowUp }, ctx(run));
    // The retried attempt reads a graph that already has the node, so it checks against the original.
    run.definition = async () => agentRunning();
    const again = await patchWorkflowTool({ patch: addFollowUp }, ctx(run));

    expect(run.signals.map((s) => s.patch_id)).toEqual([run.signals[0].patch_id, run.signals[0].patch_id]);
    expect(JSON.parse(again.content)).toEqual(JSON.parse(first.content));
    expect(run.state.revision).toBe(1);
  });

  it('derives ids that differ per run, node, step and call, and that are valid patch ids', () => {
    const ids = [
      agentPatchId('run-1', 'agent', 1, 'c'),
      agentPatchId('run-2', 'agent', 1, 'c'),
      agentPatchId('run-1', 'other', 1, 'c'),
      agentPatchId('run-1', 'agent', 2, 'c'),
      agentPatchId('run-1', 'agent', 1, 'd'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(PATCH_ID);
  });
});
