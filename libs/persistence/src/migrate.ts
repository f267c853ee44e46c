import { loadConfig } from '@steadfast/config';
import { createDataSource, runMigrations } from './data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (the api and worker also do this at start). */
async function main(): Promise<void> {
  const { database } = loadConfig();
  if (!database.url) throw new Error('DATABASE_URL is required');
  // Two connections: runMigrations holds one for its advisory lock while the migrations run on another.
  const dataSource = await createDataSource(database.url, { poolSize: 2, applicationName: 'steadfast-migrate' }).initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
