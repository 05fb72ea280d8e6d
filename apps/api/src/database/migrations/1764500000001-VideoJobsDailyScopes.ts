import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily counters are moved only while a cap is configured (a single global row every submit
 * updates would serialize all submits). The job remembers which counters it moved, so its refund
 * gives back exactly those.
 */
export class VideoJobsDailyScopes1764500000001 implements MigrationInterface {
  name = 'VideoJobsDailyScopes1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE video_jobs ADD COLUMN counted_scopes varchar(40)[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE video_jobs DROP COLUMN counted_scopes`);
  }
}
