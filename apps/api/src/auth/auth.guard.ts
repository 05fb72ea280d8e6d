import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@reelmeter/shared';
import { IS_PUBLIC, REQUIRED_ROLES } from '../common/decorators/auth.decorators';
import { DomainException } from '../common/errors/domain.exception';
import { UsersService } from '../users/users.service';
import type { Principal } from './principal';
import { TokenService } from './token.service';

/**
 * Global guard: every route needs credentials unless marked @Public. The user is re-read on each
 * request so a disabled account or a changed role takes effect at once, not at token expiry.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();

    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new DomainException('UNAUTHENTICATED', 'Send a token as "Authorization: Bearer <token>"');
    const claims = await this.tokens.verifyAccess(match[1]);
    if (!claims) throw new DomainException('UNAUTHENTICATED', 'The access token is invalid or expired');
    const user = await this.users.findById(claims.sub);
    if (!user) throw new DomainException('UNAUTHENTICATED', 'The access token is invalid or expired');
    if (user.status !== 'active') throw new DomainException('USER_DISABLED', 'This account is disabled');
    request.principal = { userId: user.id, role: user.role, via: 'jwt' };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainException('FORBIDDEN', 'You do not have permission to do this');
    }
    return true;
  }
}
