import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode, hasScope, type Scope } from '@steadfast/domain';
import { principalOf } from './request-principal';
import { PUBLIC_KEY, SCOPE_KEY } from './require-scope.decorator';

/**
 * The one place scopes are checked, from each route's @RequireScope (method first, then controller). A
 * route that declares neither a scope nor @Public() needs `admin`: forgetting to declare fails closed.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Scope>(SCOPE_KEY, targets) ?? 'admin';
    const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (!hasScope(principal, required)) {
      throw new DomainError(DomainErrorCode.Forbidden, `Forbidden: this API key lacks the ${required} scope`, [
        `the key has: ${principal.scopes.join(', ') || 'no scopes'}`,
      ]);
    }
    return true;
  }
}
