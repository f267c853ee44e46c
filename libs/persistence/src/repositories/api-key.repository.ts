import { type DataSource, type EntityManager } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { hashApiKey, mintApiKey } from '../api-keys/api-key-secret';
import { ApiKeyEntity } from '../entities/api-key.entity';

const ulid = monotonicFactory();

/* last_used_at is a hint, not an audit log: written at most this often per key, so lookups stay reads. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface NewApiKey {
  tenant: string;
  name: string;
  scopes: string[];
  user: string | null;
  roles: string[];
}

export interface ApiKeyListQuery {
  tenant?: string;
  limit: number;
  /** Exclusive upper bound on id: keys are listed newest first. */
  beforeId?: string;
}

/* Arbitrary: serialises the first-key bootstrap between processes starting at once. */
const BOOTSTRAP_LOCK = 73_461_300;

export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new key's hash; the key itself is returned here and nowhere else. */
  create(input: NewApiKey): Promise<{ key: ApiKeyEntity; secret: string }> {
    return insertKey(this.dataSource.manager, input);
  }

  /**
   * Creates `input` only if no key was ever created (revoked ones count): the first start of a fresh
   * database gets an admin key, and no later start does. Null when keys already exist.
   */
  async createFirst(input: NewApiKey): Promise<{ key: ApiKeyEntity; secret: string } | null> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const [{ exists }]: { exists: boolean }[] = await tx.query(`SELECT EXISTS (SELECT 1 FROM api_keys) AS exists`);
      if (exists) return null;
      return insertKey(tx, input);
    });
  }

  /**
   * The key a presented secret names, revoked or not: one indexed read per request, never cached, so a
   * revocation holds in every API process from the next request on.
   */
  findBySecret(secret: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.manager.findOne(ApiKeyEntity, { where: { hash: hashApiKey(secret) } });
  }

  /** Records that a key was used; skipped while the stored time is recent, so most requests write nothing. */
  touch(key: Pick<ApiKeyEntity, 'id' | 'lastUsedAt'>): void {
    if (key.lastUsedAt !== null && Date.now() - new Date(key.lastUsedAt).getTime() < LAST_USED_RESOLUTION_MS) return;
    // Not awaited: the request does not wait on a bookkeeping write, and a lost one costs nothing.
    this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [key.id]).catch(() => undefined);
  }

  get(id: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.manager.findOneBy(ApiKeyEntity, { id });
  }

  list(query: ApiKeyListQuery): Promise<ApiKeyEntity[]> {
    const qb = this.dataSource.manager.createQueryBuilder(ApiKeyEntity, 'k');
    if (query.tenant !== undefined) qb.andWhere('k.tenant = :tenant', { tenant: query.tenant });
    if (query.beforeId !== undefined) qb.andWhere('k.id < :beforeId', { beforeId: query.beforeId });
    return qb.orderBy('k.id', 'DESC').limit(query.limit).getMany();
  }

  /** Revokes at once for every API process (each looks keys up per request). Null for an unknown id. */
  async revoke(id: string): Promise<ApiKeyEntity | null> {
    await this.dataSource.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return this.get(id);
  }
}

async function insertKey(manager: EntityManager, input: NewApiKey): Promise<{ key: ApiKeyEntity; secret: string }> {
  const minted = mintApiKey();
  const key = manager.create(ApiKeyEntity, {
    ...input,
    id: `key_${ulid()}`,
    prefix: minted.prefix,
    hash: minted.hash,
    createdAt: new Date(),
    revokedAt: null,
    lastUsedAt: null,
  });
  await manager.insert(ApiKeyEntity, key);
  const { hash: _hash, ...shown } = key;
  return { key: shown as ApiKeyEntity, secret: minted.secret };
}
