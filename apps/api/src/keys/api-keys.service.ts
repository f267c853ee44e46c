import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@steadfast/domain';
import { ApiKeyRepository, type ApiKeyEntity } from '@steadfast/persistence';
import { decodeKeysetCursor, encodeKeysetCursor } from '../common/keyset-cursor';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { ListApiKeysQuery } from './dto/list-api-keys.query';

const KEY_ID = /^key_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Creating, listing and revoking API keys: an admin's work, across tenants. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeyRepository) {}

  create(dto: CreateApiKeyDto): Promise<{ key: ApiKeyEntity; secret: string }> {
    return this.keys.create({ tenant: dto.tenant, name: dto.name.trim(), scopes: dto.scopes, user: dto.user ?? null, roles: dto.roles ?? [] });
  }

  async list(query: ListApiKeysQuery): Promise<{ keys: ApiKeyEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const beforeId = query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor, 'before', (id) => KEY_ID.test(id));
    // One extra row tells whether another page exists without a count query.
    const rows = await this.keys.list({ tenant: query.tenant, limit: limit + 1, beforeId });
    const keys = rows.slice(0, limit);
    return { keys, nextCursor: rows.length > limit ? encodeKeysetCursor('before', keys[keys.length - 1].id) : null };
  }

  /** Idempotent: revoking a revoked key answers with it as it is. */
  async revoke(id: string): Promise<ApiKeyEntity> {
    const key = KEY_ID.test(id) ? await this.keys.revoke(id) : null;
    if (!key) throw new DomainError(DomainErrorCode.ApiKeyNotFound, 'API key not found');
    return key;
  }
}
