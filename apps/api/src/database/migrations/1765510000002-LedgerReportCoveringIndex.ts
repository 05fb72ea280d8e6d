import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily report reads one day of the ledger twice (sums by kind; consumption by user). Measured over
 * 10M rows (docs/BENCHMARKS.md) those were heap scans of ~100k rows each. One covering index on
 * (created_at, kind) with amount and user_id makes both index-only scans (the ledger is append-only, so
 * its pages stay all-visible), and replaces the plain created_at index it makes redundant — one index
 * fewer to maintain on every ledger insert.
 */
export class LedgerReportCoveringIndex1765510000002 implements MigrationInterface {
  name = 'LedgerReportCoveringIndex1765510000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credit_ledger_created_kind_idx`);
    await q.query(`DROP INDEX credit_ledger_created_idx`);
    await q.query(
      `CREATE INDEX credit_ledger_created_kind_idx ON credit_ledger_entries (created_at, kind) INCLUDE (amount, user_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX credit_ledger_created_kind_idx`);
    await q.query(`CREATE INDEX credit_ledger_created_idx ON credit_ledger_entries (created_at)`);
    await q.query(`CREATE INDEX credit_ledger_created_kind_idx ON credit_ledger_entries (created_at, kind)`);
  }
}
