import { MigrationInterface, QueryRunner } from 'typeorm';

/** `/api/metrics` counts recent upstream failures by kind at every scrape: index just those rows by time. */
export class UpstreamFailureIndex1765490000001 implements MigrationInterface {
  name = 'UpstreamFailureIndex1765490000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX upstream_usage_records_failure_idx ON upstream_usage_records (created_at) WHERE outcome = 'failure'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX upstream_usage_records_failure_idx`);
  }
}
