import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hasher';
import { AppConfig } from '../config/app-config';
import { queryRows } from '../common/database/sql';
import { keyHint, SecretBox } from '../provider-quota/secret-box';

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
  if (config.simulatedUpstream.enabled) await seedSimulatedAccount(ds, config);
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

/**
 * One `simulated` upstream account (the in-process fake upstream), created once: the settings row
 * claims the seed, so a deleted or edited account is never re-created and concurrent starts agree.
 */
async function seedSimulatedAccount(ds: DataSource, config: AppConfig): Promise<void> {
  await ds.transaction(async (em) => {
    const claimed = await queryRows(
      em,
      `INSERT INTO settings (key, value) VALUES ('upstream.simulated_account_seeded', 'true'::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
    );
    if (!claimed.length) return;
    const [{ id }] = await queryRows<{ id: string }>(em, `SELECT gen_random_uuid() AS id`);
    const key = `sim-${randomBytes(24).toString('base64url')}`;
    await queryRows(
      em,
      `INSERT INTO upstream_accounts (id, provider, name, base_url, api_key_encrypted, api_key_hint, mode, priority, weight,
         concurrency_limit, cost_model, cost_fen, low_balance_threshold_fen)
       VALUES ($1, 'simulated', 'Simulated upstream', 'simulated://in-process', $2, $3, 'shared', 0, 1, 10, 'per_credit', 25, 10000)`,
      [id, new SecretBox(config).encrypt(key, id), keyHint(key)],
    );
  });
}
