import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@reelmeter/shared';
import type { Principal } from '../../auth/principal';

export const IS_PUBLIC = 'reelmeter:public';
export const REQUIRED_ROLES = 'reelmeter:roles';

/** No credentials needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (admin routes never accept API keys either). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The acting principal, set by the auth guard from the credentials. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});
