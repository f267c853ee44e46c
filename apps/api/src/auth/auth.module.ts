import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ScopeGuard } from './scope.guard';

@Module({
  providers: [ApiKeyAuthenticator, { provide: APP_GUARD, useClass: ScopeGuard }],
  exports: [ApiKeyAuthenticator],
})
export class AuthModule {}
