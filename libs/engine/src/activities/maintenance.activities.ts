import type { IdempotencyKeyRepository } from '@steadfast/persistence';

export interface MaintenanceDeps {
  idempotencyKeys: Pick<IdempotencyKeyRepository, 'purgeExpired'>;
}

export function createMaintenanceActivities({ idempotencyKeys }: MaintenanceDeps) {
  return {
    async purgeExpiredIdempotencyKeys(): Promise<number> {
      return idempotencyKeys.purgeExpired();
    },
  };
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
