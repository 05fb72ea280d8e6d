import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@reelmeter/shared';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { queryRows } from '../common/database/sql';
import { DomainException } from '../common/errors/domain.exception';

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const invalidRefresh = () =>
  new DomainException('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or expired; sign in again');

/**
 * Short-lived JWT access tokens and opaque, single-use refresh tokens `<id>.<secret>` of which
 * only a hash is stored. Presenting an already-rotated refresh token revokes all of the user's
 * refresh tokens (it was probably stolen).
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async issue(user: { id: string; role: Role }, em: EntityManager = this.dataSource.manager) {
    const claims: AccessClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.auth.accessTtlSeconds });
    const refreshToken = await this.createRefreshToken(em, user.id);
    return { accessToken, expiresIn: this.config.auth.accessTtlSeconds, refreshToken };
  }

  async verifyAccess(token: string): Promise<AccessClaims | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      return claims.typ === 'access' && typeof claims.sub === 'string' ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Consumes a refresh token and returns its user id; the caller issues the next pair. A reused
   * (already rotated) token revokes every live token of that user, committed before refusing.
   */
  async rotate(token: string): Promise<string> {
    const [id, secret] = token.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalidRefresh();
    const outcome = await this.dataSource.transaction(async (em) => {
      const [row] = await queryRows<{ user_id: string; token_hash: string; expires_at: Date; revoked_at: Date | null }>(
        em,
        `SELECT user_id, token_hash, expires_at, revoked_at FROM refresh_tokens WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(sha256(secret)))) return undefined;
      if (row.revoked_at) {
        await queryRows(em, `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
          row.user_id,
        ]);
        return undefined;
      }
      if (row.expires_at.getTime() <= Date.now()) return undefined;
      await queryRows(em, `UPDATE refresh_tokens SET revoked_at = now() WHERE id = $1`, [id]);
      return row.user_id;
    });
    if (!outcome) throw invalidRefresh();
    return outcome;
  }

  private async createRefreshToken(em: EntityManager, userId: string): Promise<string> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await queryRows(
      em,
      `INSERT INTO refresh_tokens (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [id, userId, sha256(secret), this.config.auth.refreshTtlSeconds],
    );
    return `${id}.${secret}`;
  }
}
