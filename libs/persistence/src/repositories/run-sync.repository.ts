import { DataSource } from 'typeorm';
import { RUN_STATUSES, type RunEvent, type RunStatus } from '@steadfast/domain';

const ALL_STATUSES = [...RUN_STATUSES];
import { insertEvents, RunRepository, type RunFieldsUpdate } from './run.repository';

export interface RunSyncInput {
  runId: string;
  events: RunEvent[];
  update?: RunFieldsUpdate;
  /** Take the run over only while it is created (or already running under this workflow). */
  claim?: boolean;
}

/** The workflow's durable write path: events and run fields in one transaction. */
export class RunSyncRepository {
  private readonly runs: RunRepository;

  constructor(private readonly dataSource: DataSource) {
    this.runs = new RunRepository(dataSource);
  }

  async apply(input: RunSyncInput): Promise<{ status: RunStatus | undefined; claimed: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      if (input.claim) {
        const run = await this.runs.transition(input.runId, ['created', 'running'], input.update ?? {}, tx);
        if (!run) {
          const [row] = await tx.query(`SELECT status FROM runs WHERE id = $1`, [input.runId]);
          return { status: (row?.status ?? 'failed') as RunStatus, claimed: false };
        }
        await insertEvents(tx, input.events);
        return { status: run.status, claimed: true };
      }
      await insertEvents(tx, input.events);
      // The workflow owns a claimed run, so its writes are unconditional.
      const run = input.update && Object.keys(input.update).length > 0
        ? await this.runs.transition(input.runId, ALL_STATUSES, input.update, tx)
        : null;
      return { status: run?.status, claimed: true };
    });
  }
}
