import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Role } from '@reelmeter/shared';
import type { Principal } from '../../auth/principal';

export const IS_PUBLIC = 'reelmeter:public';
export const REQUIRED_ROLES = 'reelmeter:roles';
export const ALLOW_API_KEY = 'reelmeter:allow-api-key';
export const SKIP_IDEMPOTENCY = 'reelmeter:skip-idempotency';

/** No credentials needed. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (admin routes never accept API keys either). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The route also accepts an API key (`Authorization: Bearer rm_…`), S15's "(key)". Without it a key is
 * refused with API_KEY_NOT_ACCEPTED; admin routes (`@Roles('admin')`) never accept keys, even with it.
 */
export const AllowApiKey = () => applyDecorators(SetMetadata(ALLOW_API_KEY, true), ApiBearerAuth('apiKey'));

/**
 * The Idempotency-Key header is not honoured here: the response holds something that must not be
 * stored and replayed (an API key's secret is shown once).
 */
export const SkipIdempotency = () => SetMetadata(SKIP_IDEMPOTENCY, true);

/** The acting principal, set by the auth guard from the credentials. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});
