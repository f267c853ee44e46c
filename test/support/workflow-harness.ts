import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type NativeConnection } from '@temporalio/worker';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { APPROVAL_LABELS, foldNodeStates, validateDag, type Dag, type NodeState, type RunEvent, type RunStatus } from '@steadfast/domain';
import type { ApprovalEntity, PatchOutcomeRecord, RunSyncInput } from '@steadfast/persistence';
import {
  createApprovalActivities,
  createNodeActivities,
  createRunEventSinks,
  createRunRecordActivities,
  RUN_WORKFLOW_TYPE,
  type ApprovalDeps,
  type RunEventSinkDeps,
  type RunRecordDeps,
} from '@steadfast/engine';
import type { runWorkflow } from '../../libs/engine/src/workflows';
import { testStack } from './stack-env';

/** A run as the workflow wrote it: what Postgres would hold after its batches. */
export interface RecordedRun {
  status: RunStatus | undefined;
  output: unknown;
  error: string | null | undefined;
  dag: Dag;
  events: RunEvent[];
  patches: PatchOutcomeRecord[];
}

/**
 * Stands in for RunSyncRepository: every run is claimed, events are upserted by seq, fields and patch
 * outcomes are kept as the last batch left them. The subject of these tests is the workflow, not SQL.
 */
export class InMemoryRuns {
  private readonly runs = new Map<string, RecordedRun>();

  async apply(input: RunSyncInput): Promise<{ status: RunStatus | undefined; claimed: boolean }> {
    const run = this.runs.get(input.runId) ?? { status: undefined, output: null, error: null, dag: { nodes: [] }, events: [], patches: [] };
    if (input.claim) run.dag = input.claim.seed.dag;
    this.runs.set(input.runId, run);
    const bySeq = new Map(run.events.map((event) => [event.seq, event]));
    for (const event of input.events) bySeq.set(event.seq, event);
    run.events = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const update = input.update ?? {};
    if (update.status !== undefined) run.status = update.status;
    if ('output' in update) run.output = update.output;
    if ('error' in update) run.error = update.error;
    if (update.dag) run.dag = update.dag;
    run.patches.push(...(input.patches ?? []));
    return { status: run.status, claimed: true };
  }

  get(runId: string): RecordedRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`run ${runId} wrote nothing`);
    return run;
  }
}

type ApprovalStore = ApprovalDeps['approvals'];

/** Stands in for ApprovalRepository: the first settlement of a pending row counts, as the conditional UPDATE does. */
export class InMemoryApprovals implements ApprovalStore {
  readonly rows = new Map<string, ApprovalEntity>();

  async open(approval: Parameters<ApprovalStore['open']>[0]): Promise<ApprovalEntity> {
    const now = new Date();
    const row: ApprovalEntity = {
      ...approval,
      tenant: 'default',
      status: 'pending',
      decidedBy: null,
      comment: null,
      decidedAt: null,
      signaledAt: null,
      createdAt: now,
      updatedAt: now,
    };
    if (!this.rows.has(approval.id)) this.rows.set(approval.id, row);
    return this.rows.get(approval.id) as ApprovalEntity;
  }

  async settle(id: string, settlement: Parameters<ApprovalStore['settle']>[1]): Promise<ApprovalEntity> {
    const row = this.rows.get(id);
    if (!row) throw new Error(`approval ${id} was never opened`);
    if (row.status !== 'pending') return row;
    if ('decision' in settlement) {
      const { verdict, decidedBy, comment } = settlement.decision;
      Object.assign(row, { status: APPROVAL_LABELS[verdict], decidedBy, comment, decidedAt: new Date() });
    } else row.status = 'expire' in settlement ? 'expired' : 'canceled';
    return row;
  }

  openFor(runId: string): ApprovalEntity[] {
    return [...this.rows.values()].filter((row) => row.runId === runId);
  }
}

export interface RunWorkerDeps {
  connection: NativeConnection;
  taskQueue: string;
  runSync: RunRecordDeps['runSync'];
  approvals: ApprovalStore;
  /** Where the news of appended run events goes; nowhere unless a test reads it. */
  notify?: RunEventSinkDeps['notify'];
}

/** A Worker on the real workflow bundle: node activities as they are, the Postgres-facing stores as handed in. */
export function createRunWorker({ connection, taskQueue, runSync, approvals, notify = async () => undefined }: RunWorkerDeps): Promise<Worker> {
  return Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: testStack().workflowBundle },
    activities: { ...createRunRecordActivities({ runSync }), ...createNodeActivities(), ...createApprovalActivities({ approvals }) },
    sinks: createRunEventSinks({ notify, onError: () => undefined }),
  });
}

export type RunHandle = WorkflowHandleWithFirstExecutionRunId<typeof runWorkflow>;

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  runs: InMemoryRuns;
  approvals: InMemoryApprovals;
  /** Validates `workflow` as the API does and starts runWorkflow on the harness's task queue. */
  start(workflow: unknown, input?: unknown): Promise<RunHandle>;
  /** The recorded run's node view, folded from its events like GET /api/runs/:id/nodes. */
  nodes(runId: string): NodeState[];
}

/**
 * One in-process Worker per suite, running the real workflow bundle against the dev server the e2e global
 * setup started (no test server download on an offline machine), with the node activities as they are
 * and Postgres-facing ones in memory. Durations stay short instead of skipping time.
 */
export function useWorkflowHarness(): WorkflowHarness {
  const runs = new InMemoryRuns();
  const approvals = new InMemoryApprovals();
  const taskQueue = `workflow-test-${randomUUID()}`;
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    // The runs here fail on purpose, and the worker logs each failed activity and workflow at WARN.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: testStack().temporalAddress });
    worker = await createRunWorker({ connection: env.nativeConnection, taskQueue, runSync: runs, approvals });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  const harness: WorkflowHarness = {
    get env() {
      if (!env) throw new Error('the harness starts in beforeAll');
      return env;
    },
    runs,
    approvals,
    async start(workflow, input) {
      const { dag, errors } = validateDag(workflow);
      if (!dag) throw new Error(`invalid workflow: ${errors.join('; ')}`);
      const runId = `run-${randomUUID()}`;
      return harness.env.client.workflow.start<typeof runWorkflow>(RUN_WORKFLOW_TYPE, {
        taskQueue,
        workflowId: runId,
        args: [{ runId, name: 'workflow-test', dag, input: input ?? null, tags: [] }],
      });
    },
    nodes: (runId) => {
      const run = runs.get(runId);
      return foldNodeStates(run.dag, run.events);
    },
  };
  return harness;
}

/** Event types in order, with the node each is about: the stream a user would read, shortened. */
export function timeline(events: RunEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'status_update') return `status ${event.status}`;
    if (event.type === 'final') return `final ${event.status}`;
    return 'node_id' in event && event.node_id !== undefined ? `${event.type} ${event.node_id}` : event.type;
  });
}
