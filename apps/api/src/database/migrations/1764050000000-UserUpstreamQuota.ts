import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user upstream usage (the design notes' `user_viva_api_keys`): `quota` grows with purchased
 * credits, `used` with credits spent upstream. Shown to users as the quota card.
 */
export class UserUpstreamQuota1764050000000 implements MigrationInterface {
  name = 'UserUpstreamQuota1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_upstream_quotas (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE RESTRICT,
        quota bigint NOT NULL DEFAULT 0 CHECK (quota >= 0),
        used bigint NOT NULL DEFAULT 0 CHECK (used >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_upstream_quotas`);
  }
}
