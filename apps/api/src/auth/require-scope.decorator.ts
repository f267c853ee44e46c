import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@steadfast/domain';

export const SCOPE_KEY = 'steadfast:scope';
export const PUBLIC_KEY = 'steadfast:public';

/** The scope a route needs; on a controller it applies to every route the controller's methods do not override. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE_KEY, scope);

/** A route anyone may call without a key (health, readiness, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
