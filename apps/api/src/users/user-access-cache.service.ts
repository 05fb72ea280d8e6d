import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Role } from '@reelmeter/shared';
import { DbNotifications, NotifiedCache } from '../common/database/db-notifications.service';
import { queryRows } from '../common/database/sql';

export interface UserAccess {
  id: string;
  role: Role;
  status: 'active' | 'disabled';
}

/**
 * The role and status of users, cached per instance so the auth guard does not read `users` on every
 * request (it was the one extra round trip of an authenticated call). A trigger announces every change
 * of role or status and every deletion, whoever makes it (the admin API or SQL by hand), so a disabled
 * account is refused at once on every instance.
 */
@Injectable()
export class UserAccessCache {
  private readonly cache: NotifiedCache<UserAccess | undefined>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    notifications: DbNotifications,
  ) {
    this.cache = new NotifiedCache(notifications, 'user_access_changed', { ttlMs: 60_000, maxEntries: 100_000 });
  }

  /** The user's role and status, or undefined when there is no such user. */
  get(userId: string): Promise<UserAccess | undefined> {
    return this.cache.get(userId, async () => {
      const [access] = await queryRows<UserAccess>(this.dataSource.manager, `SELECT id, role, status FROM users WHERE id = $1`, [
        userId,
      ]);
      return access;
    });
  }

  /** Called after a change made through this instance, so its next request cannot race the notification. */
  invalidate(userId: string): void {
    this.cache.invalidate(userId);
  }
}
