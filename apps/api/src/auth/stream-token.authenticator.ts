import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, unauthenticatedAdmin, type Principal } from '@steadfast/domain';
import { isWellFormedStreamToken, StreamTokenRepository } from '@steadfast/persistence';
import { ApiConfig } from '../config/api-config';

const unauthenticated = (message: string) => new DomainError(DomainErrorCode.Unauthenticated, message);

/**
 * Turns a `?token=` stream token into the principal of the key that asked for it, limited to reading
 * the one run it names, or refuses it (401). The key's revoked state is read with the token on every
 * request, so revoking a key ends its tokens in every API process at once.
 */
@Injectable()
export class StreamTokenAuthenticator {
  private readonly disabled: boolean;

  constructor(
    private readonly tokens: StreamTokenRepository,
    config: ApiConfig,
  ) {
    this.disabled = config.values.auth.disabled;
  }

  async authenticate(token: unknown, runId: string | undefined): Promise<Principal> {
    if (this.disabled) return unauthenticatedAdmin();
    if (typeof token !== 'string' || !isWellFormedStreamToken(token)) throw unauthenticated('Malformed stream token: expected token=st_<43 characters>');
    const presented = await this.tokens.findPresented(token);
    // A token issued while authentication was off acts for no key, so it is worth nothing once it is on.
    if (!presented || presented.key === null) throw unauthenticated('Invalid stream token');
    if (presented.expired) throw unauthenticated('Stream token expired: ask POST /api/runs/{id}/stream-token for a new one');
    if (presented.runId !== runId) throw unauthenticated('Stream token is for another run');
    if (presented.key.revoked) throw unauthenticated('API key revoked');
    return { keyId: presented.key.id, tenant: presented.tenant, scopes: ['runs:read'], user: presented.key.user, roles: presented.key.roles };
  }
}
