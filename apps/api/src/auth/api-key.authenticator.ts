import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, SCOPES, unauthenticatedAdmin, type Principal, type Scope } from '@steadfast/domain';
import { ApiKeyRepository, isWellFormedApiKey } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

const unauthenticated = (message: string) => new DomainError(DomainErrorCode.Unauthenticated, message);
const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Turns an Authorization header into the caller's principal, or refuses it (401). */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly disabled: boolean;

  constructor(
    private readonly keys: ApiKeyRepository,
    config: ApiConfig,
  ) {
    this.disabled = config.values.auth.disabled;
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (this.disabled) return unauthenticatedAdmin();
    if (authorization === undefined || authorization === '') throw unauthenticated('Missing API key: send Authorization: Bearer sk_...');
    const secret = BEARER.exec(authorization)?.[1];
    // A malformed key is refused before any lookup: nothing but the key's own shape reaches Postgres.
    if (secret === undefined || !isWellFormedApiKey(secret))
      throw unauthenticated('Malformed API key: expected Authorization: Bearer sk_<8 hex>_<43 characters>');
    const key = await this.keys.findBySecret(secret);
    if (!key) throw unauthenticated('Invalid API key');
    if (key.revokedAt !== null) throw unauthenticated('API key revoked');
    this.keys.touch(key);
    return { keyId: key.id, tenant: key.tenant, scopes: key.scopes.filter(isScope), user: key.user, roles: key.roles };
  }
}
