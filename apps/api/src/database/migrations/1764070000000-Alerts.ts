import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts are incidents, not messages: one open alert per (rule, subject). Repeats count up;
 * notifications go out on raise, after a cooldown while unacknowledged, and on resolve. Every
 * notification is a delivery row per channel, retried with backoff until sent or given up.
 */
export class Alerts1764070000000 implements MigrationInterface {
  name = 'Alerts1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_rules (
        key varchar(64) PRIMARY KEY,
        name varchar(200) NOT NULL,
        description varchar(1000) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        severity varchar(16) NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        params jsonb NOT NULL DEFAULT '{}',
        cooldown_minutes int NOT NULL DEFAULT 60 CHECK (cooldown_minutes BETWEEN 1 AND 10080),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO alert_rules (key, name, description, severity, params, cooldown_minutes) VALUES
        ('upstream.low_balance', 'Upstream balance low', 'An upstream account''s balance fell below the threshold', 'warning', '{"thresholdFen": 10000}', 360),
        ('upstream.insufficient_balance', 'Upstream balance exhausted', 'An upstream account refused work for insufficient balance', 'critical', '{}', 60),
        ('upstream.invalid_key', 'Upstream key rejected', 'An upstream account''s API key was refused', 'critical', '{}', 60),
        ('quota.high_usage', 'Quota mostly used', 'A user''s upstream quota use passed the threshold', 'warning', '{"thresholdPercent": 80}', 1440),
        ('jobs.failure_rate', 'Video failure rate high', 'Too many video jobs failed in the window', 'warning', '{"thresholdPercent": 20, "windowMinutes": 30, "minJobs": 10}', 60),
        ('payments.rejected_notification', 'Payment notification rejected', 'A forged or mismatched payment notification arrived', 'warning', '{}', 60),
        ('payments.paid_unfulfilled', 'Paid order not fulfilled', 'A gateway says an order is paid but it was not fulfilled', 'critical', '{}', 30),
        ('scheduler.run_failed', 'Scheduled job failed', 'A scheduled job run ended with an error', 'warning', '{}', 120),
        ('reports.daily_ready', 'Daily report ready', 'The daily cost report was produced', 'info', '{}', 1440)`);

    await q.query(`
      CREATE TABLE alert_channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type varchar(16) NOT NULL CHECK (type IN ('email', 'webhook')),
        name varchar(100) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        min_severity varchar(16) NOT NULL DEFAULT 'warning' CHECK (min_severity IN ('info', 'warning', 'critical')),
        locale varchar(8) NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
        config jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_key varchar(64) NOT NULL REFERENCES alert_rules(key),
        subject varchar(200) NOT NULL,
        severity varchar(16) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
        title varchar(300) NOT NULL,
        message varchar(2000) NOT NULL,
        details jsonb,
        occurrences int NOT NULL DEFAULT 1,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        last_notified_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        resolved_at timestamptz,
        resolution varchar(1000)
      )`);
    await q.query(`CREATE UNIQUE INDEX alerts_one_open_key ON alerts (rule_key, subject) WHERE status <> 'resolved'`);
    await q.query(`CREATE INDEX alerts_status_idx ON alerts (status, last_seen_at DESC)`);
    await q.query(`CREATE INDEX alerts_seen_idx ON alerts (last_seen_at DESC, id)`);

    await q.query(`
      CREATE TABLE alert_deliveries (
        id bigserial PRIMARY KEY,
        alert_id uuid REFERENCES alerts(id),
        channel_id uuid NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
        event varchar(16) NOT NULL CHECK (event IN ('raised', 'repeat', 'resolved', 'test')),
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error varchar(1000),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert_deliveries`);
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TABLE alert_channels`);
    await q.query(`DROP TABLE alert_rules`);
  }
}
