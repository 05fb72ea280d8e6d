import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../common/database/sql';

/** Operator-tunable values kept in the database (seeded from the environment on first start). */
export const SETTING_KEYS = {
  signupBonus: 'credits.signup_bonus',
} as const;

@Injectable()
export class SettingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get<T>(key: string, fallback: T, em: EntityManager = this.dataSource.manager): Promise<T> {
    const rows = await queryRows<{ value: T }>(em, `SELECT value FROM settings WHERE key = $1`, [key]);
    return rows.length ? rows[0].value : fallback;
  }

  async set(key: string, value: unknown, actorId?: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO settings (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), actorId ?? null],
    );
  }

  /** Writes a default only when the key has never been set, so operator changes survive restarts. */
  async seedDefault(key: string, value: unknown): Promise<void> {
    await this.dataSource.query(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [
      key,
      JSON.stringify(value),
    ]);
  }
}
