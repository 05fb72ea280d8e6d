import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { Role } from '@reelmeter/shared';
import { queryRows } from '../common/database/sql';

export interface UserAccess {
  id: string;
  role: Role;
  status: 'active' | 'disabled';
}

export const USER_ACCESS_CHANNEL = 'user_access_changed';
/** A safety net only: changes arrive by notification. It bounds how long an entry lives if one were missed. */
const ENTRY_TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;
const RECONNECT_MS = 1_000;

/**
 * The role and status of users, cached per instance so the auth guard does not read `users` on every
 * request (it was the one extra round trip of an authenticated call).
 *
 * It stays exact across instances: a trigger on `users` NOTIFYs `user_access_changed` when a role or
 * status changes or a user is deleted, whoever makes the change, and every instance LISTENs on a
 * connection of its own and drops the entry. While that connection is down nothing is served from the
 * cache (a notification could have been missed), and everything cached is dropped when it comes back.
 */
@Injectable()
export class UserAccessCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UserAccessCache.name);
  private readonly entries = new Map<string, { access: UserAccess; expiresAt: number }>();
  private listener?: Client;
  private listening = false;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;
  /** Bumped on every invalidation: a read that overlapped one is used but not cached. */
  private generation = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.stopServing();
    await this.listener?.end().catch(() => undefined);
  }

  /** The user's role and status, or undefined when there is no such user. */
  async get(userId: string): Promise<UserAccess | undefined> {
    if (this.listening) {
      const hit = this.entries.get(userId);
      if (hit && hit.expiresAt > Date.now()) return hit.access;
      if (hit) this.entries.delete(userId);
    }
    const generation = this.generation;
    const [access] = await queryRows<UserAccess>(this.dataSource.manager, `SELECT id, role, status FROM users WHERE id = $1`, [
      userId,
    ]);
    if (!access) return undefined;
    if (this.listening && generation === this.generation) this.remember(access);
    return access;
  }

  private remember(access: UserAccess): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(access.id, { access, expiresAt: Date.now() + ENTRY_TTL_MS });
  }

  /**
   * Drops a user's entry. The trigger's notification does this on every instance; a change made through
   * this instance also calls it directly, so this instance's next request cannot race the notification.
   */
  invalidate(userId: string): void {
    this.generation++;
    this.entries.delete(userId);
  }

  private stopServing(): void {
    this.listening = false;
    this.generation++;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const { url } = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel === USER_ACCESS_CHANNEL && message.payload) this.invalidate(message.payload);
    });
    const lost = (reason: string) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.stopServing();
      if (this.closed) return;
      this.logger.warn(`user access notifications lost (${reason}); reading users directly until reconnected`);
      this.reconnectTimer = setTimeout(() => void this.listen(), RECONNECT_MS);
      this.reconnectTimer.unref();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection closed'));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_ACCESS_CHANNEL}`);
      if (this.listener === client && !this.closed) this.listening = true;
    } catch (error) {
      lost((error as Error).message);
      await client.end().catch(() => undefined);
    }
  }
}
