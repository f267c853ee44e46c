import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ScopeGuard } from './scope.guard';
import { StreamTokenAuthenticator } from './stream-token.authenticator';

@Module({
  providers: [ApiKeyAuthenticator, StreamTokenAuthenticator, { provide: APP_GUARD, useClass: ScopeGuard }],
  exports: [ApiKeyAuthenticator, StreamTokenAuthenticator],
})
export class AuthModule {}
