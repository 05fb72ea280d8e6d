import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_KINDS = `'signup_bonus','purchase','purchase_bonus','consume','refund','admin_adjust','expire','order_refund'`;

/**
 * Redemption codes and trial cards (SPEC S5, issue 11):
 *  - `redeem_batches`: what each code of a batch is worth (credits with a lot validity, and/or a
 *    trial API key from a template), its redeem-by date, per-user limit, channel and storefront
 *    price. `pending_export` holds the plain codes until the one export, then is erased: only
 *    SHA-256 hashes of the codes remain.
 *  - `redeem_codes`: one row per code (hash only); claimed by a conditional UPDATE … WHERE
 *    status = 'active', so a code is redeemed exactly once.
 *  - `redeem_attempts`: invalid attempts per user and IP, counted over a window for throttling.
 *  - ledger kind `redeem`, and the alert rule `redeem.invalid_burst`.
 */
export class Redeem1764800000000 implements MigrationInterface {
  name = 'Redeem1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit_ledger_entries DROP CONSTRAINT credit_ledger_entries_kind_check`);
    await q.query(
      `ALTER TABLE credit_ledger_entries ADD CONSTRAINT credit_ledger_entries_kind_check CHECK (kind IN (${OLD_KINDS},'redeem'))`,
    );
    await q.query(`
      CREATE TABLE redeem_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        channel varchar(100),
        note varchar(500),
        credits int NOT NULL CHECK (credits >= 0),
        credit_validity_days int CHECK (credit_validity_days BETWEEN 1 AND 3650),
        redeem_by timestamptz,
        per_user_limit int CHECK (per_user_limit BETWEEN 1 AND 10000),
        price_fen bigint CHECK (price_fen >= 0),
        code_count int NOT NULL CHECK (code_count BETWEEN 1 AND 10000),
        trial_quota int CHECK (trial_quota >= 0),
        trial_validity_days int CHECK (trial_validity_days BETWEEN 1 AND 3650),
        trial_concurrency int CHECK (trial_concurrency BETWEEN 0 AND 1000),
        trial_rate_limit_per_minute int CHECK (trial_rate_limit_per_minute BETWEEN 1 AND 1000000),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        pending_export text,
        exported_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (credits > 0 OR trial_quota IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX redeem_batches_created_idx ON redeem_batches (created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE redeem_codes (
        id bigserial PRIMARY KEY,
        batch_id uuid NOT NULL REFERENCES redeem_batches(id) ON DELETE RESTRICT,
        code_hash char(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'redeemed', 'disabled')),
        redeemed_by uuid REFERENCES users(id) ON DELETE RESTRICT,
        redeemed_at timestamptz,
        api_key_id uuid,
        CHECK ((status = 'redeemed') = (redeemed_by IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX redeem_codes_hash_key ON redeem_codes (code_hash)`);
    await q.query(`CREATE INDEX redeem_codes_batch_idx ON redeem_codes (batch_id, status)`);
    await q.query(`CREATE INDEX redeem_codes_user_idx ON redeem_codes (redeemed_by, batch_id) WHERE redeemed_by IS NOT NULL`);
    await q.query(`
      CREATE TABLE redeem_attempts (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL,
        ip varchar(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX redeem_attempts_user_idx ON redeem_attempts (user_id, created_at)`);
    await q.query(`CREATE INDEX redeem_attempts_ip_idx ON redeem_attempts (ip, created_at)`);
    await q.query(`
      INSERT INTO alert_rules (key, name, description, severity, params, cooldown_minutes) VALUES
        ('redeem.invalid_burst', 'Redemption code guessing', 'A user or address sent too many invalid redemption codes in the window', 'warning', '{}', 60)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alerts WHERE rule_key = 'redeem.invalid_burst'`);
    await q.query(`DELETE FROM alert_rules WHERE key = 'redeem.invalid_burst'`);
    await q.query(`DROP TABLE redeem_attempts`);
    await q.query(`DROP TABLE redeem_codes`);
    await q.query(`DROP TABLE redeem_batches`);
    await q.query(`ALTER TABLE credit_ledger_entries DROP CONSTRAINT credit_ledger_entries_kind_check`);
    await q.query(
      `ALTER TABLE credit_ledger_entries ADD CONSTRAINT credit_ledger_entries_kind_check CHECK (kind IN (${OLD_KINDS}))`,
    );
  }
}
