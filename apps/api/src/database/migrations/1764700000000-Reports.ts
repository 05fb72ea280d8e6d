import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily reports are stored once per date (re-running replaces the row). Indexes let report and
 * dashboard queries read day ranges instead of scanning orders or the ledger.
 */
export class Reports1764700000000 implements MigrationInterface {
  name = 'Reports1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE daily_reports (
        report_date date PRIMARY KEY,
        time_zone varchar(64) NOT NULL,
        figures jsonb NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now(),
        generation int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX payment_orders_paid_at_idx ON payment_orders (paid_at) WHERE paid_at IS NOT NULL`);
    await q.query(`CREATE INDEX payment_orders_refunded_at_idx ON payment_orders (refunded_at) WHERE refunded_at IS NOT NULL`);
    await q.query(`CREATE INDEX credit_ledger_created_kind_idx ON credit_ledger_entries (created_at, kind)`);
    await q.query(`CREATE INDEX credit_accounts_total_used_idx ON credit_accounts (total_used DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credit_accounts_total_used_idx`);
    await q.query(`DROP INDEX credit_ledger_created_kind_idx`);
    await q.query(`DROP INDEX payment_orders_refunded_at_idx`);
    await q.query(`DROP INDEX payment_orders_paid_at_idx`);
    await q.query(`DROP TABLE daily_reports`);
  }
}
