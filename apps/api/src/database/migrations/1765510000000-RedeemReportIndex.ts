import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reports count the codes redeemed per day (and their storefront value): a time index on redeemed codes. */
export class RedeemReportIndex1765510000000 implements MigrationInterface {
  name = 'RedeemReportIndex1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX redeem_codes_redeemed_at_idx ON redeem_codes (redeemed_at) WHERE redeemed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX redeem_codes_redeemed_at_idx`);
  }
}
