import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { bootstrapAdminKey } from '@steadfast/persistence';
import { bearer } from '../support/api-keys';
import { openDatabase, startApi, suiteConfig, type RunningApi } from '../support/harness';
import { request } from '../support/http';

/**
 * What `npm start` does on a fresh data folder, on a database of its own: the first start creates an admin
 * key of the default tenant and hands it back once; no later start creates or shows one again.
 */
describe('the first admin key', () => {
  const name = `bootstrap_${randomUUID().replace(/-/g, '')}`;
  let server: DataSource;
  let url: string;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    const shared = suiteConfig();
    server = await openDatabase(shared);
    await server.query(`CREATE DATABASE ${name}`);
    const parsed = new URL(shared.database.url as string);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    await api?.close();
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.destroy();
  });

  it('is created on a fresh database, works as an admin of the default tenant, and is never created again', async () => {
    const secret = await bootstrapAdminKey(url);
    expect(secret).toMatch(/^sk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(await bootstrapAdminKey(url)).toBeNull();

    api = await startApi(suiteConfig({ DATABASE_URL: url, AUTH_DISABLED: 'false' }));
    const keys = await request(api.url, 'GET', '/api/keys', undefined, bearer(secret as string));
    expect(keys.status).toBe(200);
    expect(keys.body.keys).toEqual([
      expect.objectContaining({ tenant: 'default', scopes: ['admin'], user: 'admin', prefix: (secret as string).slice(0, 11), revoked_at: null }),
    ]);
    expect((await request(api.url, 'POST', '/api/runs', { name: 'first' }, bearer(secret as string))).status).toBe(201);

    // Revoking it does not make the next start mint a fresh one: that takes an operator (npm run create-key).
    expect((await request(api.url, 'DELETE', `/api/keys/${keys.body.keys[0].id}`, undefined, bearer(secret as string))).status).toBe(200);
    expect(await bootstrapAdminKey(url)).toBeNull();
    expect((await request(api.url, 'GET', '/api/runs', undefined, bearer(secret as string))).status).toBe(401);
  });

  it('is created once when several processes start at the same moment', async () => {
    const other = `${name}_race`;
    await server.query(`CREATE DATABASE ${other}`);
    try {
      const parsed = new URL(url);
      parsed.pathname = `/${other}`;
      const results = await Promise.all([bootstrapAdminKey(parsed.toString()), bootstrapAdminKey(parsed.toString()), bootstrapAdminKey(parsed.toString())]);
      expect(results.filter((secret) => secret !== null)).toHaveLength(1);
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${other} WITH (FORCE)`);
    }
  });
});
