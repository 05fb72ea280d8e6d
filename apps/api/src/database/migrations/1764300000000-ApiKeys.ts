import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Third-party API keys (SPEC S9, seed 003's key settings) and the PostgreSQL state of their limits,
 * so the limits hold across API instances:
 *  - `api_keys`: only a SHA-256 hash of the secret and a visible prefix are stored; `quota_used` moves
 *    only by a conditional UPDATE in the same transaction as the credit charge;
 *  - `api_key_permissions`: who may create their own keys (an admin grant, or a purchase of a package
 *    with the API-key flag, recorded by payments);
 *  - `api_key_rate_windows`: one counter row per key for its current rate-limit window;
 *  - `api_key_slots` / `api_key_queue`: in-flight work per key (concurrency limit) and the waiters.
 */
export class ApiKeys1764300000000 implements MigrationInterface {
  name = 'ApiKeys1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key_permissions (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        source varchar(16) NOT NULL CHECK (source IN ('admin', 'purchase')),
        reference_id varchar(128),
        granted_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        name varchar(100) NOT NULL,
        prefix varchar(32) NOT NULL,
        secret_hash char(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'expired', 'revoked')),
        quota_limit bigint NOT NULL DEFAULT 0 CHECK (quota_limit >= 0),
        quota_used bigint NOT NULL DEFAULT 0 CHECK (quota_used >= 0),
        expires_at timestamptz,
        expires_after_first_use_days int CHECK (expires_after_first_use_days BETWEEN 1 AND 3650),
        first_used_at timestamptz,
        concurrency_limit int NOT NULL DEFAULT 0 CHECK (concurrency_limit BETWEEN 0 AND 1000),
        queue_enabled boolean NOT NULL DEFAULT false,
        queue_max_size int NOT NULL DEFAULT 0 CHECK (queue_max_size BETWEEN 0 AND 1000),
        queue_timeout_ms int NOT NULL DEFAULT 10000 CHECK (queue_timeout_ms BETWEEN 100 AND 600000),
        rate_limit_window_seconds int NOT NULL DEFAULT 60 CHECK (rate_limit_window_seconds BETWEEN 1 AND 86400),
        rate_limit_max_requests int NOT NULL DEFAULT 60 CHECK (rate_limit_max_requests BETWEEN 1 AND 1000000),
        allowed_models varchar(64)[] NOT NULL DEFAULT '{}',
        upstream_binding varchar(64),
        last_used_at timestamptz,
        last_used_ip varchar(64),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by uuid
      )`);
    await q.query(`CREATE UNIQUE INDEX api_keys_secret_hash_key ON api_keys (secret_hash)`);
    await q.query(`CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX api_keys_created_idx ON api_keys (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX api_keys_expiry_idx ON api_keys (expires_at) WHERE status IN ('active', 'disabled')`);

    await q.query(`
      CREATE TABLE api_key_rate_windows (
        api_key_id uuid PRIMARY KEY REFERENCES api_keys(id) ON DELETE CASCADE,
        window_started_at timestamptz NOT NULL,
        count int NOT NULL
      )`);

    await q.query(`
      CREATE TABLE api_key_slots (
        api_key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        holder varchar(128) NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        lease_expires_at timestamptz NOT NULL,
        PRIMARY KEY (api_key_id, holder)
      )`);
    await q.query(`
      CREATE TABLE api_key_queue (
        id bigserial PRIMARY KEY,
        api_key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        holder varchar(128) NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        deadline timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX api_key_queue_key_idx ON api_key_queue (api_key_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_key_queue`);
    await q.query(`DROP TABLE api_key_slots`);
    await q.query(`DROP TABLE api_key_rate_windows`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE api_key_permissions`);
  }
}
