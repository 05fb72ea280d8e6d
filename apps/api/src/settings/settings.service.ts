import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DbNotifications, NotifiedCache } from '../common/database/db-notifications.service';
import { queryRows } from '../common/database/sql';

/** What the cache holds for a key that has no row (the caller's fallback applies). */
const UNSET = Symbol('unset');

/** Operator-tunable values kept in the database (seeded from the environment on first start). */
export const SETTING_KEYS = {
  signupBonus: 'credits.signup_bonus',
} as const;

/**
 * Reads outside a transaction come from a per-instance cache (the maintenance switch is read on every
 * video submit) that a trigger keeps exact on every instance; reads inside one go to the table.
 */
@Injectable()
export class SettingsService {
  private readonly cache: NotifiedCache<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    notifications: DbNotifications,
  ) {
    this.cache = new NotifiedCache(notifications, 'settings_changed', { ttlMs: 60_000, maxEntries: 1_000 });
  }

  async get<T>(key: string, fallback: T, em?: EntityManager): Promise<T> {
    const read = async (m: EntityManager) => {
      const rows = await queryRows<{ value: T }>(m, `SELECT value FROM settings WHERE key = $1`, [key]);
      return rows.length ? rows[0].value : UNSET;
    };
    const value = em ? await read(em) : await this.cache.get(key, () => read(this.dataSource.manager));
    return value === UNSET ? fallback : (value as T);
  }

  async set(key: string, value: unknown, actorId?: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO settings (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), actorId ?? null],
    );
    this.cache.invalidate(key);
  }

  /** Writes a default only when the key has never been set, so operator changes survive restarts. */
  async seedDefault(key: string, value: unknown): Promise<void> {
    await this.dataSource.query(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
      key,
      JSON.stringify(value),
    ]);
    this.cache.invalidate(key);
  }
}
