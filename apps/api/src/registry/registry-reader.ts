import { DomainError, type DomainErrorCode } from '@steadfast/domain';
import type { VersionedArtifact, VersionedRegistryRepository } from '@steadfast/persistence';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { PageQuery } from '../common/page.query';

export interface RegistryKind {
  /** "workflow" or "agent", as error messages name it. */
  noun: string;
  name: RegExp;
  notFound: DomainErrorCode;
}

/** Versions are Postgres integers: a larger number names no version rather than failing the query. */
const MAX_VERSION = 2_147_483_647;

/**
 * The reads both registries answer alike: latest, one version, all versions, a page of latest versions.
 * Every read is within one tenant: another tenant's name is not found.
 */
export class RegistryReader<T extends VersionedArtifact> {
  constructor(
    private readonly repository: VersionedRegistryRepository<T>,
    private readonly kind: RegistryKind,
  ) {}

  /** The latest version, or the given one; null when there is none. */
  find(tenant: string, name: string, version?: number): Promise<T | null> {
    if (!this.kind.name.test(name)) return Promise.resolve(null);
    return version === undefined ? this.repository.latest(tenant, name) : this.repository.version(tenant, name, version);
  }

  async latest(tenant: string, name: string): Promise<T> {
    const found = this.kind.name.test(name) ? await this.repository.latest(tenant, name) : null;
    if (!found) throw this.notFound(`${this.kind.noun} "${name}" not found`);
    return found;
  }

  /** `version` as it came in the path; anything but a positive integer names no version. */
  async version(tenant: string, name: string, version: string | number): Promise<T> {
    const number = Number(version);
    const found =
      this.kind.name.test(name) && Number.isInteger(number) && number >= 1 && number <= MAX_VERSION
        ? await this.repository.version(tenant, name, number)
        : null;
    if (found) return found;
    await this.latest(tenant, name);
    throw this.notFound(`${this.kind.noun} "${name}" has no version ${version}`);
  }

  async versions(tenant: string, name: string): Promise<T[]> {
    const all = this.kind.name.test(name) ? await this.repository.versions(tenant, name) : [];
    if (all.length === 0) throw this.notFound(`${this.kind.noun} "${name}" not found`);
    return all;
  }

  async list(tenant: string, query: PageQuery): Promise<{ items: T[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const afterName = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor, 'after', (name) => this.kind.name.test(name));
    // One extra row tells whether another page exists without a count query.
    const rows = await this.repository.listLatest({ tenant, limit: limit + 1, afterName });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeKeysetCursor('after', items[items.length - 1].name) : null };
  }

  private notFound(detail: string): DomainError {
    const noun = this.kind.noun;
    return new DomainError(this.kind.notFound, `${noun[0].toUpperCase()}${noun.slice(1)} not found`, [detail]);
  }
}
