import { type DataSource, type EntityTarget, type FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { VersionedArtifact } from '../entities/versioned-artifact';

/** The content of a new version: everything but the allocated columns. */
export type ArtifactContent<T extends VersionedArtifact> = Omit<T, 'id' | 'version' | 'createdAt'>;

export interface Publication<T> {
  /** False when the same content was already stored under this name: `record` is that version. */
  created: boolean;
  record: T;
}

export interface LatestListQuery {
  tenant: string;
  limit: number;
  /** Exclusive lower bound on name: names are listed in ascending order. */
  afterName?: string;
}

/**
 * Version allocation shared by the registries, per tenant. Each publish holds a transaction-scoped advisory
 * lock on (registry, tenant/name), so concurrent posts of one name are serialised: the same content never gets two
 * versions and different contents get consecutive ones, without relying on a unique-violation retry.
 */
export class VersionedRegistryRepository<T extends VersionedArtifact> {
  constructor(
    protected readonly dataSource: DataSource,
    private readonly entity: EntityTarget<T>,
    /** First key of the two-key advisory lock; distinct per registry, so names in different registries never contend. */
    private readonly lockSpace: number,
  ) {}

  async publish(content: ArtifactContent<T>): Promise<Publication<T>> {
    return this.dataSource.transaction(async (tx) => {
      // A hash collision of two tenant/name pairs only makes them wait for each other, never share versions.
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [this.lockSpace, `${content.tenant}/${content.name}`]);
      const repo = tx.getRepository(this.entity);
      const existing = await repo.findOneBy({ tenant: content.tenant, name: content.name, sha256: content.sha256 } as FindOptionsWhere<T>);
      if (existing) return { created: false, record: existing };
      const latest = await repo.findOne({
        where: { tenant: content.tenant, name: content.name } as FindOptionsWhere<T>,
        order: { version: 'DESC' } as never,
        select: ['version'] as never,
      });
      const values = { ...content, version: (latest?.version ?? 0) + 1, createdAt: new Date() };
      const inserted = await repo.insert(values as unknown as QueryDeepPartialEntity<T>);
      return { created: true, record: repo.create({ ...values, id: String(inserted.identifiers[0].id) } as unknown as T) };
    });
  }

  latest(tenant: string, name: string): Promise<T | null> {
    return this.repo().findOne({ where: { tenant, name } as FindOptionsWhere<T>, order: { version: 'DESC' } as never });
  }

  version(tenant: string, name: string, version: number): Promise<T | null> {
    return this.repo().findOneBy({ tenant, name, version } as FindOptionsWhere<T>);
  }

  /** Every version of a name, newest first. */
  versions(tenant: string, name: string): Promise<T[]> {
    return this.repo().find({ where: { tenant, name } as FindOptionsWhere<T>, order: { version: 'DESC' } as never });
  }

  /** The latest version of each name, by name. */
  listLatest(query: LatestListQuery): Promise<T[]> {
    const qb = this.repo().createQueryBuilder('artifact').distinctOn(['artifact.name']).where('artifact.tenant = :tenant', { tenant: query.tenant });
    if (query.afterName !== undefined) qb.andWhere('artifact.name > :afterName', { afterName: query.afterName });
    return qb.orderBy('artifact.name', 'ASC').addOrderBy('artifact.version', 'DESC').limit(query.limit).getMany();
  }

  private repo() {
    return this.dataSource.getRepository(this.entity);
  }
}
