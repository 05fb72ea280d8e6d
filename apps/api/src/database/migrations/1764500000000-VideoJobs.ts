import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Video generation (SPEC S8):
 *  - `video_prices` (model × duration) and `action_prices` (other paid actions: script, character),
 *    admin-editable; seeded from the notes (veo3 8 s = 15 credits; script 10, character 5);
 *  - `video_jobs`: one row per job; every status change is a compare-and-swap on `status`. The
 *    provider task id is saved the moment the upstream accepts the task, so a restarted worker re-polls
 *    it and never submits twice. `next_poll_at` schedules each running job's own poll (with backoff);
 *    `deadline_at` is when a job that has not finished fails and is refunded;
 *  - `video_daily_counts`: jobs accepted per day (global row has user_id NULL → '' key) for the daily
 *    generation cap, moved in the submit transaction and given back by the refund.
 * The credit charge and refund are ledger rows referencing {type: 'video_job', id}, unique per kind,
 * so each applies at most once.
 */
export class VideoJobs1764500000000 implements MigrationInterface {
  name = 'VideoJobs1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE video_prices (
        model varchar(64) NOT NULL,
        duration_seconds int NOT NULL CHECK (duration_seconds BETWEEN 1 AND 600),
        credits int NOT NULL CHECK (credits BETWEEN 1 AND 1000000),
        active boolean NOT NULL DEFAULT true,
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model, duration_seconds)
      )`);
    await q.query(`
      CREATE TABLE action_prices (
        action varchar(64) PRIMARY KEY,
        credits int NOT NULL CHECK (credits BETWEEN 1 AND 1000000),
        active boolean NOT NULL DEFAULT true,
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO video_prices (model, duration_seconds, credits) VALUES ('veo3', 8, 15), ('veo3-fast', 8, 10)`);
    await q.query(`INSERT INTO action_prices (action, credits) VALUES ('script', 10), ('character', 5)`);

    await q.query(`
      CREATE TABLE video_jobs (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        api_key_id uuid,
        status varchar(12) NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'submitting', 'running', 'succeeded', 'failed', 'canceled')),
        model varchar(64) NOT NULL,
        duration_seconds int NOT NULL,
        orientation varchar(10) NOT NULL CHECK (orientation IN ('landscape', 'portrait')),
        prompt varchar(2000) NOT NULL,
        credits int NOT NULL CHECK (credits > 0),
        progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        upstream_account_id uuid,
        provider_task_id varchar(200),
        result_url varchar(2000),
        cost_fen bigint,
        error_kind varchar(40),
        error_detail varchar(1000),
        message_en varchar(500),
        message_zh varchar(500),
        refunded boolean NOT NULL DEFAULT false,
        submit_attempts int NOT NULL DEFAULT 0,
        poll_count int NOT NULL DEFAULT 0,
        poll_errors int NOT NULL DEFAULT 0,
        next_poll_at timestamptz,
        deadline_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submit_started_at timestamptz,
        submitted_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status IN ('running', 'succeeded')) <= (provider_task_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX video_jobs_user_idx ON video_jobs (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX video_jobs_created_idx ON video_jobs (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX video_jobs_status_idx ON video_jobs (status, created_at DESC)`);
    await q.query(`CREATE INDEX video_jobs_due_poll_idx ON video_jobs (next_poll_at) WHERE status = 'running'`);
    await q.query(
      `CREATE INDEX video_jobs_open_idx ON video_jobs (deadline_at) WHERE status IN ('queued', 'submitting', 'running')`,
    );

    await q.query(`
      CREATE TABLE video_daily_counts (
        day date NOT NULL,
        scope varchar(40) NOT NULL,
        count int NOT NULL DEFAULT 0 CHECK (count >= 0),
        PRIMARY KEY (day, scope)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE video_daily_counts`);
    await q.query(`DROP TABLE video_jobs`);
    await q.query(`DROP TABLE action_prices`);
    await q.query(`DROP TABLE video_prices`);
  }
}
