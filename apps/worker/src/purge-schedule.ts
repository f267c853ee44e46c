import type { Duration } from '@temporalio/common';
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { IDEMPOTENCY_PURGE_SCHEDULE_ID, PURGE_IDEMPOTENCY_WORKFLOW_TYPE } from '@steadfast/engine';

/** A Temporal Schedule, not a timer in some process: it fires even when no API process is up. */
export async function ensureIdempotencyPurgeSchedule(client: Client, taskQueue: string, every: Duration = '10m'): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: IDEMPOTENCY_PURGE_SCHEDULE_ID,
      spec: { intervals: [{ every }] },
      action: { type: 'startWorkflow', workflowType: PURGE_IDEMPOTENCY_WORKFLOW_TYPE, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
    });
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}
