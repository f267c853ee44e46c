import { contentAddress, type RunSyncRepository } from '@steadfast/persistence';
import type { RunSyncBatch, RunSyncResult } from './activity-types';

export interface RunRecordDeps {
  runSync: Pick<RunSyncRepository, 'apply'>;
}

const toDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** Keeps the run record and event log in Postgres in step with the workflow. */
export function createRunRecordActivities({ runSync }: RunRecordDeps) {
  return {
    async syncRun(batch: RunSyncBatch): Promise<RunSyncResult> {
      const run = batch.run;
      return runSync.apply({
        runId: batch.runId,
        events: batch.events,
        claim: batch.claim && { temporalRunId: batch.claim.temporalRunId, seed: batch.claim.seed, startedAt: new Date(run?.started_at ?? Date.now()) },
        update: run && {
          status: run.status,
          output: run.output,
          error: run.error,
          startedAt: toDate(run.started_at),
          completedAt: toDate(run.completed_at),
          canceledAt: toDate(run.canceled_at),
          usage: run.usage,
          dag: run.dag,
          dagRevision: run.dag_revision,
        },
        patches: batch.patches?.map(({ patch_id, dag, ...outcome }) => ({
          ...outcome,
          id: patch_id,
          // The same content address as registry versions: a patched graph and a stored definition compare by sha.
          result_sha256: dag ? contentAddress(dag).sha256 : null,
        })),
      });
    },
  };
}

export type RunRecordActivities = ReturnType<typeof createRunRecordActivities>;
