import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiTooManyRequestsResponse } from '@nestjs/swagger';
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
export const AllowApiKey = () =>
  applyDecorators(
    SetMetadata(ALLOW_API_KEY, true),
    ApiBearerAuth('apiKey'),
    ApiTooManyRequestsResponse({
      description:
        'With an API key: RATE_LIMITED (the key’s window is used up), API_KEY_QUOTA_EXCEEDED (a charge would pass the ' +
        'key’s quota) or CONCURRENCY_LIMITED. Every keyed response carries X-RateLimit-Limit, X-RateLimit-Remaining ' +
        'and X-RateLimit-Reset (seconds until the window ends).',
      headers: {
        'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
        'X-RateLimit-Limit': { description: 'Requests allowed in the window', schema: { type: 'integer' } },
        'X-RateLimit-Remaining': { description: 'Requests left in the window', schema: { type: 'integer' } },
        'X-RateLimit-Reset': { description: 'Seconds until the window ends', schema: { type: 'integer' } },
      },
    }),
  );

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
