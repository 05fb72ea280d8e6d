import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, toSafeInt } from '../common/database/sql';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { AlertsService } from './alerts.service';

/**
 * Design note 001's quota alert: a user whose upstream usage passes the rule's threshold (80 % by
 * default) of their purchased quota gets one incident, resolved when it drops below (more bought).
 */
@Injectable()
export class QuotaUsageCheck implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: AlertsService,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'alerts.quota-check',
      cron: '*/5 * * * *',
      description: 'Raises (and resolves) alerts for users past the quota-usage threshold',
      run: async () => ({ ...(await this.check()) }),
    });
  }

  async check(): Promise<{ over: number; resolved: number }> {
    const rule = await this.alerts.rule('quota.high_usage');
    if (!rule.enabled) return { over: 0, resolved: 0 };
    const threshold = rule.params.thresholdPercent ?? 80;
    const over = await queryRows<{ user_id: string; email: string; quota: string; used: string }>(
      this.dataSource.manager,
      `SELECT q.user_id, u.email, q.quota, q.used FROM user_upstream_quotas q JOIN users u ON u.id = q.user_id
        WHERE q.quota > 0 AND q.used * 100 >= q.quota * $1`,
      [threshold],
    );
    for (const row of over) {
      const quota = toSafeInt(row.quota);
      const used = toSafeInt(row.used);
      await this.alerts.raise('quota.high_usage', row.user_id, {
        title: `${row.email} has used ${Math.floor((used * 100) / quota)}% of their quota`,
        message: `${used} of ${quota} credits used upstream`,
        details: { userId: row.user_id, quota, used },
      });
    }
    const open = await queryRows<{ subject: string }>(
      this.dataSource.manager,
      `SELECT a.subject FROM alerts a
         LEFT JOIN user_upstream_quotas q ON q.user_id::text = a.subject
        WHERE a.rule_key = 'quota.high_usage' AND a.status <> 'resolved'
          AND (q.user_id IS NULL OR q.quota = 0 OR q.used * 100 < q.quota * $1)`,
      [threshold],
    );
    for (const row of open) await this.alerts.resolve('quota.high_usage', row.subject, 'usage is below the threshold again');
    return { over: over.length, resolved: open.length };
  }
}
