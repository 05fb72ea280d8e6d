import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity, credit accounts, the append-only ledger, idempotency records and settings.
 * Invariants live in the database so that no code path can break them:
 *  - `available >= 0` and every total >= 0 (CHECK);
 *  - ledger rows can never be updated, deleted or truncated (triggers);
 *  - one ledger row per (user, kind, reference) (partial unique index) so a grant/charge/refund
 *    keyed by a reference cannot apply twice.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash varchar(100) NOT NULL,
        display_name varchar(100),
        role varchar(16) NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_created_at_idx ON users (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);

    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        email varchar(254) NOT NULL,
        ip varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_email_idx ON login_failures (email, created_at)`);
    await q.query(`CREATE INDEX login_failures_ip_idx ON login_failures (ip, created_at)`);

    await q.query(`
      CREATE TABLE credit_accounts (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE RESTRICT,
        available bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
        total_granted bigint NOT NULL DEFAULT 0 CHECK (total_granted >= 0),
        total_used bigint NOT NULL DEFAULT 0 CHECK (total_used >= 0),
        total_refunded bigint NOT NULL DEFAULT 0 CHECK (total_refunded >= 0),
        total_expired bigint NOT NULL DEFAULT 0 CHECK (total_expired >= 0),
        total_deducted bigint NOT NULL DEFAULT 0 CHECK (total_deducted >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE credit_ledger_entries (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES credit_accounts(user_id) ON DELETE RESTRICT,
        kind varchar(32) NOT NULL CHECK (kind IN ('signup_bonus','purchase','purchase_bonus','consume','refund','admin_adjust','expire','order_refund')),
        amount bigint NOT NULL CHECK (amount <> 0),
        balance_after bigint NOT NULL CHECK (balance_after >= 0),
        action varchar(64),
        reference_type varchar(32),
        reference_id varchar(128),
        description varchar(500),
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((reference_type IS NULL) = (reference_id IS NULL)),
        CHECK (CASE kind
                 WHEN 'consume' THEN amount < 0
                 WHEN 'expire' THEN amount < 0
                 WHEN 'order_refund' THEN amount < 0
                 WHEN 'admin_adjust' THEN true
                 ELSE amount > 0 END)
      )`);
    await q.query(`CREATE INDEX credit_ledger_user_idx ON credit_ledger_entries (user_id, id DESC)`);
    await q.query(`CREATE INDEX credit_ledger_user_kind_idx ON credit_ledger_entries (user_id, kind, id DESC)`);
    await q.query(`CREATE INDEX credit_ledger_created_idx ON credit_ledger_entries (created_at)`);
    await q.query(`
      CREATE UNIQUE INDEX credit_ledger_reference_key
        ON credit_ledger_entries (user_id, kind, reference_type, reference_id)
        WHERE reference_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'credit_ledger_entries is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER credit_ledger_no_update_delete BEFORE UPDATE OR DELETE ON credit_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only()`);
    await q.query(`
      CREATE TRIGGER credit_ledger_no_truncate BEFORE TRUNCATE ON credit_ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_records (
        user_id uuid NOT NULL,
        key varchar(255) NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(500) NOT NULL,
        request_hash char(64) NOT NULL,
        state varchar(16) NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed')),
        response_status int,
        response_body jsonb,
        locked_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at)`);

    await q.query(`
      CREATE TABLE settings (
        key varchar(100) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE settings`);
    await q.query(`DROP TABLE idempotency_records`);
    await q.query(`DROP TABLE credit_ledger_entries`);
    await q.query(`DROP FUNCTION credit_ledger_append_only`);
    await q.query(`DROP TABLE credit_accounts`);
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE users`);
  }
}
