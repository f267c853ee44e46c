import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Scope } from '@steadfast/domain';

export const SCOPE_KEY = 'steadfast:scope';
export const PUBLIC_KEY = 'steadfast:public';

/**
 * The scope a route needs; on a controller it applies to every route the controller's methods do not
 * override. The document carries it as `x-required-scope`, so clients can say which scope a 403 wanted.
 */
export const RequireScope = (scope: Scope) => applyDecorators(SetMetadata(SCOPE_KEY, scope), ApiExtension('x-required-scope', scope));

/** A route anyone may call without a key (health, readiness, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
