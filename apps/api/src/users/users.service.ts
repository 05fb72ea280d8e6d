import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@reelmeter/shared';
import { isUniqueViolation, queryRows } from '../common/database/sql';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { User } from './entities/user.entity';
import { UserAccessCache } from './user-access-cache.service';

export interface UserSummary {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: Date;
}

export interface UserListItem extends UserSummary {
  available: number;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: UserAccessCache,
  ) {}

  async create(
    em: EntityManager,
    input: { email: string; passwordHash: string; displayName?: string | null; role: Role },
  ): Promise<User> {
    try {
      const [row] = await queryRows(
        em,
        `INSERT INTO users (email, password_hash, display_name, role) VALUES ($1, $2, $3, $4)
         RETURNING id, email, display_name, role, status, created_at, updated_at`,
        [input.email, input.passwordHash, input.displayName ?? null, input.role],
      );
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new DomainException('EMAIL_TAKEN', 'An account with this email already exists');
      }
      throw error;
    }
  }

  async findById(id: string, em: EntityManager = this.dataSource.manager): Promise<User | undefined> {
    const rows = await queryRows(
      em,
      `SELECT id, email, display_name, role, status, created_at, updated_at FROM users WHERE id = $1`,
      [id],
    );
    return rows.length ? toUser(rows[0]) : undefined;
  }

  async getById(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  async findWithPasswordHash(email: string): Promise<(User & { passwordHash: string }) | undefined> {
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT id, email, password_hash, display_name, role, status, created_at, updated_at
         FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    return rows.length ? Object.assign(toUser(rows[0]), { passwordHash: String(rows[0].password_hash) }) : undefined;
  }

  /** Admin search by email or name, newest first; cursor = the last item's (createdAt, id). */
  async list(options: { query?: string; after?: { createdAt: Date; id: string }; limit: number }): Promise<UserListItem[]> {
    const params: unknown[] = [options.limit];
    const where: string[] = [];
    if (options.query) {
      params.push(`%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.email ILIKE $${params.length} OR u.display_name ILIKE $${params.length})`);
    }
    if (options.after) {
      params.push(options.after.createdAt, options.after.id);
      where.push(`(u.created_at, u.id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows = await queryRows(
      this.dataSource.manager,
      `SELECT u.id, u.email, u.display_name, u.role, u.status, u.created_at, u.updated_at, coalesce(a.available, 0) AS available
         FROM users u LEFT JOIN credit_accounts a ON a.user_id = u.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY u.created_at DESC, u.id DESC LIMIT $1`,
      params,
    );
    return rows.map((r) => ({ ...summarize(toUser(r)), available: Number(r.available) }));
  }

  async setStatus(id: string, status: 'active' | 'disabled'): Promise<User> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE users SET status = $2, updated_at = now() WHERE id = $1
       RETURNING id, email, display_name, role, status, created_at, updated_at`,
      [id, status],
    );
    if (!rows.length) throw notFound('User');
    this.access.invalidate(id);
    return toUser(rows[0]);
  }
}

export function summarize(user: User): UserSummary {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt,
  };
}

function toUser(row: Record<string, unknown>): User {
  return Object.assign(new User(), {
    id: row.id,
    email: row.email,
    displayName: row.display_name ?? null,
    role: row.role,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
