import { parseArgs } from 'node:util';
import { loadConfig } from '@steadfast/config';
import { SCOPES, TENANT_ID } from '@steadfast/domain';
import { createDataSource, runMigrations } from './data-source';
import { ApiKeyRepository } from './repositories/api-key.repository';

const USAGE = `usage: npm run create-key -- [--tenant default] [--scopes admin] [--name "ops"] [--user alice] [--roles finance,ops]
  Creates an API key in DATABASE_URL's database and prints it (the only time it is shown).
  --scopes: comma-separated, of ${SCOPES.join(', ')}`;

/**
 * `npm run create-key`: how an operator makes the first key (the launcher creates one only for its own
 * embedded database), or a replacement when every admin key is lost. Needs only the database, no API.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tenant: { type: 'string', default: 'default' },
      scopes: { type: 'string', default: 'admin' },
      name: { type: 'string', default: 'created by create-key' },
      user: { type: 'string' },
      roles: { type: 'string', default: '' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const scopes = values.scopes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const roles = values.roles
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const problems = [
    ...(TENANT_ID.test(values.tenant) ? [] : [`--tenant "${values.tenant}" is not a valid tenant id`]),
    ...(scopes.length === 0 ? ['--scopes must name at least one scope'] : []),
    ...scopes.filter((s) => !(SCOPES as readonly string[]).includes(s)).map((s) => `--scopes: unknown scope "${s}"`),
  ];
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${USAGE}`);

  const { database } = loadConfig();
  if (!database.url)
    throw new Error(`DATABASE_URL is required (npm start's embedded Postgres: postgres://steadfast:steadfast@127.0.0.1:54329/steadfast)\n${USAGE}`);
  const dataSource = await createDataSource(database.url, { poolSize: 2, applicationName: 'steadfast-create-key' }).initialize();
  try {
    await runMigrations(dataSource);
    const { key, secret } = await new ApiKeyRepository(dataSource).create({
      tenant: values.tenant,
      name: values.name,
      scopes,
      user: values.user ?? null,
      roles,
    });
    console.log(`created ${key.id} (tenant ${key.tenant}, scopes ${key.scopes.join(', ')}${key.user ? `, user ${key.user}` : ''})`);
    console.log(`key (shown once, store it now): ${secret}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
