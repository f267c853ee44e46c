import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../activities/maintenance.activities';

const { purgeExpiredIdempotencyKeys } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '1m',
  retry: { maximumAttempts: 5 },
});

/** Started by a Temporal Schedule: removes idempotency keys past their TTL. */
export async function purgeIdempotencyKeysWorkflow(): Promise<{ removed: number }> {
  return { removed: await purgeExpiredIdempotencyKeys() };
}
