import { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily reports read upstream cost by day: completion records need a time index. */
export class UpstreamReportIndexes1764710000000 implements MigrationInterface {
  name = 'UpstreamReportIndexes1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX upstream_usage_completion_time_idx ON upstream_usage_records (created_at) WHERE operation = 'completion'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX upstream_usage_completion_time_idx`);
  }
}
