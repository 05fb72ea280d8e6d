import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Subscription } from 'rxjs';
import { DomainException, notFound } from '../common/errors/domain.exception';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { AlertDispatcher } from './alert-dispatcher.service';
import {
  AlertNotice,
  AlertSeverity,
  AlertStatus,
  ChannelLocale,
  DeliveryEvent,
  SEVERITY_RANK,
  WebhookFormat,
} from './alert.types';
import { AlertRow, AlertsRepository, ChannelRow, RuleRow } from './alerts.repository';

export interface RaiseInput {
  title: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ChannelInput =
  | { type: 'email'; name: string; enabled?: boolean; minSeverity?: AlertSeverity; locale?: ChannelLocale; recipients: string[] }
  | {
      type: 'webhook';
      name: string;
      enabled?: boolean;
      minSeverity?: AlertSeverity;
      locale?: ChannelLocale;
      url: string;
      format?: WebhookFormat;
    };

/**
 * Incident semantics: `raise` opens one alert per (rule, subject) and notifies; repeats count up
 * and re-notify only after the rule's cooldown while nobody acknowledged; `resolve` closes it and
 * sends a "resolved". Modules call raise/resolve when they observe a condition.
 */
@Injectable()
export class AlertsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly repository: AlertsRepository,
    private readonly dispatcher: AlertDispatcher,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.scheduler.completions$.subscribe((run) => {
        const work =
          run.outcome === 'failed'
            ? this.raise('scheduler.run_failed', run.jobName, {
                title: `Scheduled job ${run.jobName} failed`,
                message: run.error ?? 'unknown error',
                details: { runId: run.runId },
              })
            : this.resolve('scheduler.run_failed', run.jobName, `run ${run.runId} succeeded`);
        void work.catch((error: unknown) => this.logger.error({ err: error }, 'could not record scheduler alert'));
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  async raise(ruleKey: string, subject: string, input: RaiseInput): Promise<{ alert?: AlertRow; notified: boolean }> {
    const rule = await this.repository.rule(ruleKey);
    if (!rule) throw new Error(`unknown alert rule ${ruleKey}`);
    if (!rule.enabled) return { notified: false };
    const { alert, opened } = await this.repository.upsertOpen({ ruleKey, subject, severity: rule.severity, ...input });
    if (opened) {
      await this.notify(alert, 'raised');
      return { alert, notified: true };
    }
    const renotify = await this.repository.claimRenotify(alert.id, rule.cooldownMinutes);
    if (renotify) await this.notify(renotify, 'repeat');
    return { alert: renotify ?? alert, notified: Boolean(renotify) };
  }

  /** For informational rules (a report is ready): notify once, keep it in history, leave nothing open. */
  async announce(ruleKey: string, subject: string, input: RaiseInput): Promise<AlertRow | undefined> {
    const rule = await this.repository.rule(ruleKey);
    if (!rule) throw new Error(`unknown alert rule ${ruleKey}`);
    if (!rule.enabled) return undefined;
    const alert = await this.repository.insertAnnouncement({ ruleKey, subject, severity: rule.severity, ...input });
    await this.notify({ ...alert, resolution: null }, 'raised');
    return alert;
  }

  async resolve(ruleKey: string, subject: string, resolution: string): Promise<AlertRow | undefined> {
    const alert = await this.repository.resolve(ruleKey, subject, resolution);
    if (alert) await this.notify(alert, 'resolved');
    return alert;
  }

  async acknowledge(id: string, actorId: string): Promise<AlertRow> {
    const alert = await this.repository.acknowledge(id, actorId);
    if (!alert) throw notFound('Alert');
    return alert;
  }

  list(options: { status?: AlertStatus; before?: { lastSeenAt: Date; id: string }; limit: number }) {
    return this.repository.listAlerts(options);
  }

  countOpen(): Promise<number> {
    return this.repository.countOpen();
  }

  rules(): Promise<RuleRow[]> {
    return this.repository.rules();
  }

  async rule(key: string): Promise<RuleRow> {
    const rule = await this.repository.rule(key);
    if (!rule) throw notFound('Alert rule');
    return rule;
  }

  async updateRule(key: string, patch: Parameters<AlertsRepository['updateRule']>[1]): Promise<RuleRow> {
    const rule = await this.repository.updateRule(key, patch);
    if (!rule) throw notFound('Alert rule');
    return rule;
  }

  channels(): Promise<ChannelRow[]> {
    return this.repository.channels();
  }

  async channel(id: string): Promise<ChannelRow> {
    const channel = await this.repository.channel(id);
    if (!channel) throw notFound('Alert channel');
    return channel;
  }

  /** Creates a channel; a webhook's signing secret is generated here and returned only now. */
  async createChannel(input: ChannelInput): Promise<{ channel: ChannelRow; secret?: string }> {
    const common = {
      name: input.name,
      enabled: input.enabled ?? true,
      minSeverity: input.minSeverity ?? 'warning',
      locale: input.locale ?? 'zh-CN',
    };
    if (input.type === 'email') {
      return {
        channel: await this.repository.insertChannel({ ...common, type: 'email', config: { recipients: input.recipients } }),
      };
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const channel = await this.repository.insertChannel({
      ...common,
      type: 'webhook',
      config: { url: input.url, format: input.format ?? 'json', secret },
    });
    return { channel, secret };
  }

  async updateChannel(
    id: string,
    patch: {
      name?: string;
      enabled?: boolean;
      minSeverity?: AlertSeverity;
      locale?: ChannelLocale;
      recipients?: string[];
      url?: string;
      format?: WebhookFormat;
    },
  ): Promise<ChannelRow> {
    const current = await this.channel(id);
    let config: Record<string, unknown> | undefined;
    if (current.type === 'email' && patch.recipients) config = { ...current.config, recipients: patch.recipients };
    if (current.type === 'webhook' && (patch.url || patch.format)) {
      config = { ...current.config, ...(patch.url ? { url: patch.url } : {}), ...(patch.format ? { format: patch.format } : {}) };
    }
    if (current.type === 'email' && (patch.url || patch.format)) {
      throw new DomainException('VALIDATION_FAILED', 'url and format apply to webhook channels only');
    }
    if (current.type === 'webhook' && patch.recipients) {
      throw new DomainException('VALIDATION_FAILED', 'recipients apply to e-mail channels only');
    }
    const updated = await this.repository.updateChannel(id, { ...patch, config });
    if (!updated) throw notFound('Alert channel');
    return updated;
  }

  async deleteChannel(id: string): Promise<void> {
    if (!(await this.repository.deleteChannel(id))) throw notFound('Alert channel');
  }

  /** Sends a test notice through the channel right now and reports the outcome. */
  async testChannel(id: string): Promise<{ ok: boolean; error?: string }> {
    const channel = await this.channel(id);
    const now = new Date().toISOString();
    const notice: AlertNotice = {
      event: 'test',
      alertId: null,
      ruleKey: 'test',
      subject: channel.name,
      severity: 'info',
      title: 'ReelMeter test notification',
      message: 'If you can read this, the channel works.',
      occurrences: 1,
      firstSeenAt: now,
      lastSeenAt: now,
    };
    try {
      await this.dispatcher.sendNow(channel, notice);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  deliveriesFor(alertId: string) {
    return this.repository.deliveriesFor(alertId);
  }

  private async notify(alert: AlertRow, event: DeliveryEvent): Promise<void> {
    const channels = (await this.repository.channels()).filter(
      (c) => c.enabled && SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[c.minSeverity],
    );
    const notice: AlertNotice = {
      event,
      alertId: alert.id,
      ruleKey: alert.ruleKey,
      subject: alert.subject,
      severity: alert.severity,
      title: alert.title,
      message: event === 'resolved' ? (alert.resolution ?? alert.message) : alert.message,
      occurrences: alert.occurrences,
      firstSeenAt: alert.firstSeenAt.toISOString(),
      lastSeenAt: alert.lastSeenAt.toISOString(),
      details: alert.details,
    };
    await this.repository.enqueueDeliveries(
      notice,
      channels.map((c) => c.id),
    );
    if (channels.length) this.dispatcher.kick();
  }
}
