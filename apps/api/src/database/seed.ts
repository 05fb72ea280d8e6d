import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hasher';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../common/database/sql';

export interface SeedResult {
  adminCreated: boolean;
  /** Only when the password was generated here: shown once, never stored in clear. */
  generatedAdminPassword?: string;
}

/**
 * Idempotent start-up seeding: default settings and the first admin. Existing rows are left as the
 * operator changed them.
 */
export async function seedDefaults(ds: DataSource, config: AppConfig): Promise<SeedResult> {
  await queryRows(
    ds.manager,
    `INSERT INTO settings (key, value) VALUES ('credits.signup_bonus', $1::jsonb) ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(config.credits.signupBonus)],
  );
  const existing = await queryRows(ds.manager, `SELECT id FROM users WHERE lower(email) = lower($1)`, [config.admin.email]);
  if (existing.length) return { adminCreated: false };

  const generated = config.admin.password ? undefined : randomBytes(12).toString('base64url');
  const password = config.admin.password ?? generated!;
  const hash = await hashPassword(password, config.auth.bcryptRounds);
  await ds.transaction(async (em) => {
    const [admin] = await queryRows<{ id: string }>(
      em,
      `INSERT INTO users (email, password_hash, display_name, role) VALUES ($1, $2, 'Administrator', 'admin')
       ON CONFLICT DO NOTHING RETURNING id`,
      [config.admin.email, hash],
    );
    if (admin) await queryRows(em, `INSERT INTO credit_accounts (user_id) VALUES ($1) ON CONFLICT DO NOTHING`, [admin.id]);
  });
  return { adminCreated: true, generatedAdminPassword: generated };
}
