import { DEFAULT_TENANT } from '@steadfast/domain';
import { createDataSource, runMigrations } from '../data-source';
import { ApiKeyRepository } from '../repositories/api-key.repository';

/** The key `npm start` creates on a fresh database: an admin of the default tenant, acting as user `admin`. */
export const BOOTSTRAP_ADMIN_KEY = { tenant: DEFAULT_TENANT, name: 'bootstrap admin (npm start)', scopes: ['admin'], user: 'admin', roles: [] };

/**
 * Creates the first admin key if the database has never had a key, and returns it: the only time it is
 * ever shown. Null on every later start (revoked keys count, so revoking the bootstrap key does not mint
 * a new one at the next start).
 */
export async function bootstrapAdminKey(databaseUrl: string): Promise<string | null> {
  const dataSource = await createDataSource(databaseUrl, { poolSize: 2, applicationName: 'steadfast-launcher' }).initialize();
  try {
    await runMigrations(dataSource);
    const created = await new ApiKeyRepository(dataSource).createFirst(BOOTSTRAP_ADMIN_KEY);
    return created?.secret ?? null;
  } finally {
    await dataSource.destroy();
  }
}
