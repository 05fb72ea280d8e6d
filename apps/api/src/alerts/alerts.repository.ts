import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows, Row } from '../common/database/sql';
import { AlertNotice, AlertSeverity, AlertStatus, ChannelLocale, DeliveryEvent } from './alert.types';

export interface AlertRow {
  id: string;
  ruleKey: string;
  subject: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  message: string;
  details: Record<string, unknown> | null;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastNotifiedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

export interface RuleRow {
  key: string;
  name: string;
  description: string;
  enabled: boolean;
  severity: AlertSeverity;
  params: Record<string, number>;
  cooldownMinutes: number;
  updatedAt: Date;
}

export interface ChannelRow {
  id: string;
  type: 'email' | 'webhook';
  name: string;
  enabled: boolean;
  minSeverity: AlertSeverity;
  locale: ChannelLocale;
  config: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryRow {
  id: string;
  alertId: string | null;
  channelId: string;
  event: DeliveryEvent;
  payload: AlertNotice;
  attempts: number;
}

export const toAlert = (r: Row): AlertRow => ({
  id: r.id as string,
  ruleKey: r.rule_key as string,
  subject: r.subject as string,
  severity: r.severity as AlertSeverity,
  status: r.status as AlertStatus,
  title: r.title as string,
  message: r.message as string,
  details: (r.details as Record<string, unknown> | null) ?? null,
  occurrences: Number(r.occurrences),
  firstSeenAt: r.first_seen_at as Date,
  lastSeenAt: r.last_seen_at as Date,
  lastNotifiedAt: r.last_notified_at as Date,
  acknowledgedAt: (r.acknowledged_at as Date | null) ?? null,
  acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
  resolvedAt: (r.resolved_at as Date | null) ?? null,
  resolution: (r.resolution as string | null) ?? null,
});

const toRule = (r: Row): RuleRow => ({
  key: r.key as string,
  name: r.name as string,
  description: r.description as string,
  enabled: r.enabled as boolean,
  severity: r.severity as AlertSeverity,
  params: r.params as Record<string, number>,
  cooldownMinutes: Number(r.cooldown_minutes),
  updatedAt: r.updated_at as Date,
});

const toChannel = (r: Row): ChannelRow => ({
  id: r.id as string,
  type: r.type as ChannelRow['type'],
  name: r.name as string,
  enabled: r.enabled as boolean,
  minSeverity: r.min_severity as AlertSeverity,
  locale: r.locale as ChannelLocale,
  config: r.config as Record<string, unknown>,
  createdAt: r.created_at as Date,
  updatedAt: r.updated_at as Date,
});

/** SQL for alerts, rules, channels and deliveries. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get em(): EntityManager {
    return this.dataSource.manager;
  }

  async rule(key: string): Promise<RuleRow | undefined> {
    const [row] = await queryRows(this.em, `SELECT * FROM alert_rules WHERE key = $1`, [key]);
    return row ? toRule(row) : undefined;
  }

  async rules(): Promise<RuleRow[]> {
    return (await queryRows(this.em, `SELECT * FROM alert_rules ORDER BY key`)).map(toRule);
  }

  async updateRule(
    key: string,
    patch: { enabled?: boolean; severity?: AlertSeverity; params?: Record<string, number>; cooldownMinutes?: number },
  ) {
    const [row] = await queryRows(
      this.em,
      `UPDATE alert_rules SET enabled = coalesce($2, enabled), severity = coalesce($3, severity),
              params = params || coalesce($4::jsonb, '{}'), cooldown_minutes = coalesce($5, cooldown_minutes), updated_at = now()
        WHERE key = $1 RETURNING *`,
      [
        key,
        patch.enabled ?? null,
        patch.severity ?? null,
        patch.params ? JSON.stringify(patch.params) : null,
        patch.cooldownMinutes ?? null,
      ],
    );
    return row ? toRule(row) : undefined;
  }

  /**
   * Opens the alert or counts a repeat on the open one (the partial unique index allows one
   * unresolved alert per rule and subject). `opened` is true when this call created it.
   */
  async upsertOpen(input: {
    ruleKey: string;
    subject: string;
    severity: AlertSeverity;
    title: string;
    message: string;
    details?: Record<string, unknown>;
  }) {
    const [row] = await queryRows(
      this.em,
      `INSERT INTO alerts (rule_key, subject, severity, title, message, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (rule_key, subject) WHERE status <> 'resolved' DO UPDATE
         SET occurrences = alerts.occurrences + 1, last_seen_at = now(), message = EXCLUDED.message,
             details = EXCLUDED.details, severity = EXCLUDED.severity
       RETURNING *, (xmax = 0) AS opened`,
      [input.ruleKey, input.subject, input.severity, input.title, input.message, JSON.stringify(input.details ?? null)],
    );
    return { alert: toAlert(row), opened: row.opened === true };
  }

  /** An informational alert: recorded already resolved, so it notifies once and leaves nothing open. */
  async insertAnnouncement(input: {
    ruleKey: string;
    subject: string;
    severity: AlertSeverity;
    title: string;
    message: string;
    details?: Record<string, unknown>;
  }) {
    const [row] = await queryRows(
      this.em,
      `INSERT INTO alerts (rule_key, subject, severity, title, message, details, status, resolved_at, resolution)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'resolved', now(), 'informational')
       RETURNING *`,
      [input.ruleKey, input.subject, input.severity, input.title, input.message, JSON.stringify(input.details ?? null)],
    );
    return toAlert(row);
  }

  /** Claims the right to re-notify: only one caller wins per cooldown, and never once acknowledged. */
  async claimRenotify(id: string, cooldownMinutes: number): Promise<AlertRow | undefined> {
    const [row] = await queryRows(
      this.em,
      `UPDATE alerts SET last_notified_at = now()
        WHERE id = $1 AND status = 'open' AND last_notified_at < now() - make_interval(mins => $2)
        RETURNING *`,
      [id, cooldownMinutes],
    );
    return row ? toAlert(row) : undefined;
  }

  async resolve(ruleKey: string, subject: string, resolution: string): Promise<AlertRow | undefined> {
    const [row] = await queryRows(
      this.em,
      `UPDATE alerts SET status = 'resolved', resolved_at = now(), resolution = $3
        WHERE rule_key = $1 AND subject = $2 AND status <> 'resolved' RETURNING *`,
      [ruleKey, subject, resolution],
    );
    return row ? toAlert(row) : undefined;
  }

  async acknowledge(id: string, actorId: string): Promise<AlertRow | undefined> {
    const [row] = await queryRows(
      this.em,
      `UPDATE alerts SET status = CASE WHEN status = 'open' THEN 'acknowledged' ELSE status END,
              acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $2)
        WHERE id = $1 RETURNING *`,
      [id, actorId],
    );
    return row ? toAlert(row) : undefined;
  }

  async listAlerts(options: {
    status?: AlertStatus;
    before?: { lastSeenAt: Date; id: string };
    limit: number;
  }): Promise<AlertRow[]> {
    const params: unknown[] = [options.limit];
    const where: string[] = [];
    if (options.status) {
      params.push(options.status);
      where.push(`status = $${params.length}`);
    }
    if (options.before) {
      params.push(options.before.lastSeenAt, options.before.id);
      where.push(`(last_seen_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    const rows = await queryRows(
      this.em,
      `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_seen_at DESC, id DESC LIMIT $1`,
      params,
    );
    return rows.map(toAlert);
  }

  async countOpen(): Promise<number> {
    const [row] = await queryRows<{ n: string }>(this.em, `SELECT count(*) AS n FROM alerts WHERE status = 'open'`);
    return Number(row.n);
  }

  async channels(): Promise<ChannelRow[]> {
    return (await queryRows(this.em, `SELECT * FROM alert_channels ORDER BY created_at`)).map(toChannel);
  }

  async channel(id: string): Promise<ChannelRow | undefined> {
    const [row] = await queryRows(this.em, `SELECT * FROM alert_channels WHERE id = $1`, [id]);
    return row ? toChannel(row) : undefined;
  }

  async insertChannel(input: Omit<ChannelRow, 'id' | 'createdAt' | 'updatedAt'>): Promise<ChannelRow> {
    const [row] = await queryRows(
      this.em,
      `INSERT INTO alert_channels (type, name, enabled, min_severity, locale, config) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING *`,
      [input.type, input.name, input.enabled, input.minSeverity, input.locale, JSON.stringify(input.config)],
    );
    return toChannel(row);
  }

  async updateChannel(
    id: string,
    input: Partial<Omit<ChannelRow, 'id' | 'type' | 'createdAt' | 'updatedAt'>>,
  ): Promise<ChannelRow | undefined> {
    const [row] = await queryRows(
      this.em,
      `UPDATE alert_channels SET name = coalesce($2, name), enabled = coalesce($3, enabled),
              min_severity = coalesce($4, min_severity), locale = coalesce($5, locale),
              config = coalesce($6::jsonb, config), updated_at = now()
        WHERE id = $1 RETURNING *`,
      [
        id,
        input.name ?? null,
        input.enabled ?? null,
        input.minSeverity ?? null,
        input.locale ?? null,
        input.config ? JSON.stringify(input.config) : null,
      ],
    );
    return row ? toChannel(row) : undefined;
  }

  async deleteChannel(id: string): Promise<boolean> {
    return (await queryRows(this.em, `DELETE FROM alert_channels WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  async enqueueDeliveries(notice: AlertNotice, channelIds: string[]): Promise<void> {
    if (!channelIds.length) return;
    await queryRows(
      this.em,
      `INSERT INTO alert_deliveries (alert_id, channel_id, event, payload)
       SELECT $1, unnest($2::uuid[]), $3, $4::jsonb`,
      [notice.alertId, channelIds, notice.event, JSON.stringify(notice)],
    );
  }

  /** Takes due deliveries, skipping rows another instance is sending right now. */
  async claimDue(em: EntityManager, limit: number): Promise<DeliveryRow[]> {
    const rows = await queryRows(
      em,
      `SELECT id, alert_id, channel_id, event, payload, attempts FROM alert_deliveries
        WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      alertId: (r.alert_id as string | null) ?? null,
      channelId: r.channel_id as string,
      event: r.event as DeliveryEvent,
      payload: r.payload as AlertNotice,
      attempts: Number(r.attempts),
    }));
  }

  async markDelivery(
    em: EntityManager,
    id: string,
    outcome: { sent: true } | { sent: false; error: string; retryInSeconds?: number },
  ) {
    if (outcome.sent) {
      await queryRows(
        em,
        `UPDATE alert_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1`,
        [id],
      );
    } else {
      await queryRows(
        em,
        `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3::int IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + make_interval(secs => coalesce($3::int, 0))
          WHERE id = $1`,
        [id, outcome.error.slice(0, 1000), outcome.retryInSeconds ?? null],
      );
    }
  }

  async deliveriesFor(alertId: string) {
    return queryRows<{ channel_id: string; event: string; status: string; attempts: number; last_error: string | null }>(
      this.em,
      `SELECT channel_id, event, status, attempts, last_error FROM alert_deliveries WHERE alert_id = $1 ORDER BY id`,
      [alertId],
    );
  }
}
