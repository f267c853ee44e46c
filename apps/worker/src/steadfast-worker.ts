import { NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { IdempotencyKeyRepository, OutputStoreRepository, RunSyncRepository } from '@steadfast/persistence';
import {
  createHttpActivities,
  createMaintenanceActivities,
  createNodeActivities,
  createRunRecordActivities,
  createStoredOutputActivities,
  withOutputStore,
} from '@steadfast/temporal';

export interface SteadfastWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  /** A pre-built bundle (production) or, when absent, the workflow sources bundled on start (development). */
  workflowBundlePath?: string;
  egress: { allowedHosts: string[]; blockedPaths: string[]; maxRedirects: number };
  identity?: string;
}

/** Binds every activity to its dependencies once and creates the Worker; the caller runs and stops it. */
export async function createSteadfastWorker(options: SteadfastWorkerOptions): Promise<Worker> {
  const outputs = new OutputStoreRepository(options.dataSource);
  // Every activity that executes a node goes in here: outputs over 32 KiB leave as references, references arrive loaded.
  const nodeActivities = withOutputStore(
    {
      ...createNodeActivities(),
      ...createHttpActivities({
        policy: { allowedHosts: options.egress.allowedHosts, blockedPaths: options.egress.blockedPaths },
        maxRedirects: options.egress.maxRedirects,
      }),
    },
    outputs,
  );
  const activities = {
    ...createRunRecordActivities({ runSync: new RunSyncRepository(options.dataSource) }),
    ...nodeActivities,
    ...createStoredOutputActivities({ outputs }),
    ...createMaintenanceActivities({ idempotencyKeys: new IdempotencyKeyRepository(options.dataSource) }),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.identity ? { identity: options.identity } : {}),
    activities,
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath: join(__dirname, '..', '..', '..', 'libs', 'temporal', 'src', 'workflows') }),
  });
}
