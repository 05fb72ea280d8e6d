import { MigrationInterface, QueryRunner } from 'typeorm';

/** Trial cards can end on a fixed date (besides, or instead of, days counted from the first use). */
export class TrialFixedExpiry1765510000001 implements MigrationInterface {
  name = 'TrialFixedExpiry1765510000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE redeem_batches ADD COLUMN trial_expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE redeem_batches DROP COLUMN trial_expires_at`);
  }
}
