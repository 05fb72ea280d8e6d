import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upstream accounts and groups (S7): encrypted keys, pool mode, priority/weight/concurrency, cost
 * model, health status with reason and since-when; concurrency slots per job, sticky routing per
 * user, balance snapshots, admin top-ups and usage records (one completion per job).
 */
export class UpstreamAccounts1764200000000 implements MigrationInterface {
  name = 'UpstreamAccounts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE upstream_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        description varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX upstream_groups_name_key ON upstream_groups (lower(name))`);
    await q.query(`
      CREATE TABLE upstream_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider varchar(20) NOT NULL CHECK (provider IN ('vivaapi', 'suchuang', 'simulated')),
        name varchar(100) NOT NULL,
        base_url varchar(500) NOT NULL,
        api_key_encrypted text NOT NULL,
        api_key_hint varchar(16) NOT NULL,
        mode varchar(10) NOT NULL DEFAULT 'shared' CHECK (mode IN ('shared', 'dedicated')),
        group_id uuid REFERENCES upstream_groups(id) ON DELETE RESTRICT,
        priority integer NOT NULL DEFAULT 0,
        weight integer NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),
        concurrency_limit integer NOT NULL DEFAULT 0 CHECK (concurrency_limit >= 0),
        cost_model varchar(12) NOT NULL DEFAULT 'per_credit' CHECK (cost_model IN ('per_credit', 'per_video')),
        cost_fen integer NOT NULL DEFAULT 25 CHECK (cost_fen >= 0),
        cost_fen_by_model jsonb NOT NULL DEFAULT '{}',
        low_balance_threshold_fen bigint NOT NULL DEFAULT 10000 CHECK (low_balance_threshold_fen >= 0),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cooling_down', 'exhausted', 'disabled')),
        status_reason varchar(500),
        status_since timestamptz NOT NULL DEFAULT now(),
        cooldown_until timestamptz,
        settings jsonb NOT NULL DEFAULT '{}',
        balance_fen bigint,
        balance_source varchar(10) CHECK (balance_source IN ('reported', 'estimated')),
        balance_checked_at timestamptz,
        total_topup_fen bigint NOT NULL DEFAULT 0,
        total_cost_fen bigint NOT NULL DEFAULT 0,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX upstream_accounts_name_key ON upstream_accounts (lower(name)) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX upstream_accounts_group_idx ON upstream_accounts (group_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE upstream_account_slots (
        account_id uuid NOT NULL REFERENCES upstream_accounts(id) ON DELETE CASCADE,
        job_id varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, job_id)
      )`);
    await q.query(`
      CREATE TABLE upstream_sticky_routes (
        user_id uuid NOT NULL,
        scope varchar(60) NOT NULL,
        account_id uuid NOT NULL REFERENCES upstream_accounts(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, scope)
      )`);
    await q.query(`
      CREATE TABLE upstream_balance_snapshots (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES upstream_accounts(id) ON DELETE CASCADE,
        balance_fen bigint NOT NULL,
        source varchar(10) NOT NULL CHECK (source IN ('reported', 'estimated')),
        raw jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX upstream_balance_snapshots_account_idx ON upstream_balance_snapshots (account_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE upstream_topups (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES upstream_accounts(id) ON DELETE CASCADE,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        note varchar(500),
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE upstream_usage_records (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES upstream_accounts(id) ON DELETE CASCADE,
        operation varchar(12) NOT NULL CHECK (operation IN ('submit', 'poll', 'completion', 'balance', 'test')),
        outcome varchar(8) NOT NULL CHECK (outcome IN ('success', 'failure')),
        error_kind varchar(32),
        latency_ms integer NOT NULL DEFAULT 0,
        user_id uuid,
        job_id varchar(100),
        model varchar(100),
        credits integer,
        cost_fen bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX upstream_usage_records_account_idx ON upstream_usage_records (account_id, created_at DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX upstream_usage_records_completion_key ON upstream_usage_records (job_id) WHERE operation = 'completion'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'upstream_usage_records',
      'upstream_topups',
      'upstream_balance_snapshots',
      'upstream_sticky_routes',
      'upstream_account_slots',
      'upstream_accounts',
      'upstream_groups',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
