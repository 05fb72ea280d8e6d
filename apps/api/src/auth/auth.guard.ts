import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '@reelmeter/shared';
import { looksLikeApiKey } from '../api-keys/api-key-secret';
import { ApiKeyRateLimiterService } from '../api-keys/api-key-rate-limiter.service';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { ALLOW_API_KEY, IS_PUBLIC, REQUIRED_ROLES } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { UserAccessCache } from '../users/user-access-cache.service';
import type { Principal } from './principal';
import { TokenService } from './token.service';

type AuthRequest = Request & { principal?: Principal };

/**
 * Global guard: every route needs credentials unless marked @Public. The user's role and status are
 * checked on each request (from a per-instance cache that every instance drops on a change), so a
 * disabled account or a changed role takes effect at once, not at token expiry.
 *
 * A bearer value starting with `rm_` is an API key: accepted only on routes marked @AllowApiKey and
 * never on admin routes; every keyed request counts against the key's rate limit (in PostgreSQL, so
 * the limit holds across instances) and its response carries the X-RateLimit-* headers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserAccessCache,
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimiter: ApiKeyRateLimiterService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();

    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new DomainException('UNAUTHENTICATED', 'Send a token as "Authorization: Bearer <token>"');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);

    if (looksLikeApiKey(match[1])) {
      const allowed = !roles && this.reflector.getAllAndOverride<boolean>(ALLOW_API_KEY, targets) === true;
      await this.authenticateKey(match[1], request, context.switchToHttp().getResponse<Response>(), allowed);
      return true;
    }

    const claims = await this.tokens.verifyAccess(match[1]);
    if (!claims) throw new DomainException('UNAUTHENTICATED', 'The access token is invalid or expired');
    const user = await this.users.get(claims.sub);
    if (!user) throw new DomainException('UNAUTHENTICATED', 'The access token is invalid or expired');
    if (user.status !== 'active') throw new DomainException('USER_DISABLED', 'This account is disabled');
    request.principal = { userId: user.id, role: user.role, via: 'jwt' };

    if (roles && !roles.includes(user.role)) {
      throw new DomainException('FORBIDDEN', 'You do not have permission to do this');
    }
    return true;
  }

  private async authenticateKey(secret: string, request: AuthRequest, response: Response, routeAcceptsKeys: boolean) {
    const key = await this.apiKeys.authenticate(secret, request.ip);
    if (!routeAcceptsKeys) {
      throw new DomainException(
        'API_KEY_NOT_ACCEPTED',
        'This route does not accept API keys; sign in to use it (admin routes never accept keys)',
      );
    }
    const decision = await this.rateLimiter.hit(key.id, key.rateLimitWindowSeconds, key.rateLimitMaxRequests);
    response.setHeader('X-RateLimit-Limit', String(decision.limit));
    response.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    response.setHeader('X-RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      throw new DomainException(
        'RATE_LIMITED',
        `Rate limit of ${decision.limit} requests per ${key.rateLimitWindowSeconds} s reached; retry in ${decision.resetSeconds} s`,
        { limit: decision.limit, windowSeconds: key.rateLimitWindowSeconds, retryAfterSeconds: decision.resetSeconds },
        { 'Retry-After': String(decision.resetSeconds) },
      );
    }
    // A key always acts as a plain user, whoever owns it: it can never pass an admin check.
    request.principal = { userId: key.userId, role: 'user', via: 'api_key', apiKeyId: key.id };
  }
}
