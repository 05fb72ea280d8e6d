import { Global, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

const RECONNECT_MS = 1_000;

interface Subscriber {
  onMessage(payload: string): void;
  /** Notifications may have been missed (the connection dropped, or is not up yet). */
  onGap(): void;
}

/**
 * PostgreSQL LISTEN on one connection per instance, shared by everything that caches rows: triggers
 * NOTIFY a channel when a row changes (see the ChangeNotifications migration), whoever changed it, and
 * every instance hears it. `live` says whether the connection is up and listening; while it is not,
 * a cache must not serve (it cannot know what it missed), and every subscriber is told of the gap.
 */
@Injectable()
export class DbNotifications implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DbNotifications.name);
  private readonly channels = new Map<string, Subscriber[]>();
  private client?: Client;
  private listening = false;
  private closed = false;
  private reconnectTimer?: NodeJS.Timeout;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True while every subscribed channel is being listened to. */
  get live(): boolean {
    return this.listening;
  }

  /** Registers a channel's handlers; call it from a constructor, before the connection starts listening. */
  subscribe(channel: string, subscriber: Subscriber): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    const list = this.channels.get(channel) ?? [];
    list.push(subscriber);
    this.channels.set(channel, list);
    if (this.listening) {
      // A late subscriber: it missed nothing it could have cached, but the connection must listen for it too.
      this.client?.query(`LISTEN ${channel}`).catch((error: Error) => this.lost(this.client!, error.message));
    }
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.gap();
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private gap(): void {
    this.listening = false;
    for (const list of this.channels.values()) for (const s of list) s.onGap();
  }

  private lost(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.gap();
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn(`database notifications lost (${reason}); caches read the database until reconnected`);
    this.reconnectTimer = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private async connect(): Promise<void> {
    const { url } = this.dataSource.options as PostgresDataSourceOptions;
    const client = new Client({ connectionString: url, application_name: 'reelmeter-notifications' });
    client.on('notification', (message) => {
      for (const s of this.channels.get(message.channel) ?? []) s.onMessage(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'connection closed'));
    this.client = client;
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      // Anything cached before this point may be stale: start from empty, then serve.
      this.gap();
      if (this.client === client && !this.closed) this.listening = true;
    } catch (error) {
      this.lost(client, (error as Error).message);
    }
  }
}

@Global()
@Module({ providers: [DbNotifications], exports: [DbNotifications] })
export class DbNotificationsModule {}

/**
 * A per-instance cache of database rows that stays exact across instances: entries are dropped when
 * the channel names their key (or '*' for all), and nothing is served while notifications are down.
 * `ttlMs` only bounds memory and the life of an entry; correctness comes from the notifications.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  /** Bumped on every invalidation: a load that overlapped one is returned but not kept. */
  private generation = 0;

  constructor(
    private readonly notifications: DbNotifications,
    channel: string,
    private readonly options: { ttlMs: number; maxEntries: number },
  ) {
    notifications.subscribe(channel, {
      onMessage: (key) => (key === '*' ? this.clear() : this.invalidate(key)),
      onGap: () => this.clear(),
    });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const live = this.notifications.live;
    if (live) {
      const hit = this.entries.get(key);
      if (hit && hit.expiresAt > Date.now()) return hit.value;
      if (hit) this.entries.delete(key);
    }
    const generation = this.generation;
    const value = await load();
    if (live && this.notifications.live && generation === this.generation) this.remember(key, value);
    return value;
  }

  /** Drops one entry; a change made through this instance calls it so its next read cannot race the notification. */
  invalidate(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private remember(key: string, value: V): void {
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expiresAt: Date.now() + this.options.ttlMs });
  }
}
