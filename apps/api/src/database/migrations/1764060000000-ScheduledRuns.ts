import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per run of a scheduled job. The unique (job_name, slot) makes each cron tick run once
 * across all API instances: every instance tries to insert the row for the tick; one wins.
 */
export class ScheduledRuns1764060000000 implements MigrationInterface {
  name = 'ScheduledRuns1764060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduled_runs (
        id bigserial PRIMARY KEY,
        job_name varchar(100) NOT NULL,
        slot timestamptz NOT NULL,
        trigger varchar(16) NOT NULL DEFAULT 'cron' CHECK (trigger IN ('cron', 'manual')),
        instance_id varchar(100) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome varchar(16) NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
        error varchar(2000),
        details jsonb,
        UNIQUE (job_name, slot)
      )`);
    await q.query(`CREATE INDEX scheduled_runs_started_idx ON scheduled_runs (started_at DESC, id DESC)`);
    await q.query(`CREATE INDEX scheduled_runs_job_idx ON scheduled_runs (job_name, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_runs`);
  }
}
