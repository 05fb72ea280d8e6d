import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reports count finished videos per day: a time index on terminal jobs. */
export class VideoReportIndexes1764720000000 implements MigrationInterface {
  name = 'VideoReportIndexes1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX video_jobs_finished_idx ON video_jobs (finished_at) WHERE status IN ('succeeded', 'failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX video_jobs_finished_idx`);
  }
}
