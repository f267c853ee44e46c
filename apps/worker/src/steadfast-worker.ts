import { type NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { DataSource } from 'typeorm';
import { ApprovalRepository, IdempotencyKeyRepository, OutputStoreRepository, RunEventNotifier, RunSyncRepository } from '@steadfast/persistence';
import {
  createAgentActivities,
  createApprovalActivities,
  createGuardedRequest,
  createHttpActivities,
  createMaintenanceActivities,
  createNodeActivities,
  createRunEventSinks,
  createRunRecordActivities,
  createStoredOutputActivities,
  SHARED_WORKFLOW_MODULES,
  withOutputStore,
} from '@steadfast/engine';

export interface SteadfastWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** A pre-built bundle (production) or, when absent, the workflow sources bundled on start (development). */
  workflowBundlePath?: string;
  egress: { allowedHosts: string[]; blockedPaths: string[]; maxRedirects: number };
  /** The model provider's client for agent nodes (one per worker); without one, agent nodes fail saying so. */
  openai?: OpenAI;
  defaultModel: string;
  /** Values http nodes reference as `{{ secrets.NAME }}` in their headers. */
  secrets?: Record<string, string>;
  identity?: string;
  /** Slots per worker process; undefined keeps the SDK's defaults. More slots help only while the CPU and Postgres keep up. */
  maxConcurrentWorkflowTasks?: number;
  maxConcurrentActivities?: number;
  /** Where a failed run-event notification is reported (it only delays live streams until their next poll). */
  onNotifyError?: (err: unknown) => void;
}

/** Binds every activity to its dependencies once and creates the Worker; the caller runs and stops it. */
export async function createSteadfastWorker(options: SteadfastWorkerOptions): Promise<Worker> {
  const outputs = new OutputStoreRepository(options.dataSource);
  // One guarded keep-alive client for every outbound request: http nodes and the agent's http_request tool.
  const request = createGuardedRequest({
    policy: { allowedHosts: options.egress.allowedHosts, blockedPaths: options.egress.blockedPaths },
    maxRedirects: options.egress.maxRedirects,
  });
  // Every activity that executes a node goes in here: outputs over 32 KiB leave as references, references arrive loaded.
  const nodeActivities = withOutputStore({ ...createNodeActivities(), ...createHttpActivities({ request, secrets: options.secrets }) }, outputs);
  // An agent's result keeps its usage, model and step count inline (the run's token total reads them); its large fields are stored.
  const agentActivities = withOutputStore(createAgentActivities({ openai: options.openai, defaultModel: options.defaultModel, request }), outputs, {
    fieldwise: true,
  });
  const notifier = new RunEventNotifier(options.dataSource);
  const activities = {
    ...createRunRecordActivities({ runSync: new RunSyncRepository(options.dataSource) }),
    ...nodeActivities,
    ...agentActivities,
    ...createStoredOutputActivities({ outputs }),
    ...createApprovalActivities({ approvals: new ApprovalRepository(options.dataSource) }),
    ...createMaintenanceActivities({ idempotencyKeys: new IdempotencyKeyRepository(options.dataSource) }),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.maxConcurrentWorkflowTasks ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks } : {}),
    ...(options.maxConcurrentActivities ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities } : {}),
    activities,
    sinks: createRunEventSinks({ notify: (runIds) => notifier.notify(runIds), onError: options.onNotifyError ?? (() => undefined) }),
    // Cancels reach an activity only in heartbeat responses; by default those are throttled to 80% of the
    // heartbeat timeout (8 s for agent and http nodes). 1 s lets a cancelled run stop a model call promptly.
    maxHeartbeatThrottleInterval: '1s',
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : {
          workflowsPath: join(__dirname, '..', '..', '..', 'libs', 'temporal', 'src', 'workflows'),
          bundlerOptions: { preloadModules: SHARED_WORKFLOW_MODULES },
        }),
  });
}
