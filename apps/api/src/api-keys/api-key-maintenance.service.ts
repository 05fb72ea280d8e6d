import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../common/database/sql';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { ApiKeySlotsService } from './api-key-slots.service';

export interface ApiKeyCleanupResult {
  expiredKeys: number;
  staleSlots: number;
  staleQueueEntries: number;
  rateWindowsPurged: number;
}

/**
 * Daily clean-ups, run by the scheduler once per cluster. Each method is safe to run at any time and
 * on several instances at once: every step is one idempotent statement. (Idempotency records have
 * their own job, `idempotency.purge`.)
 */
@Injectable()
export class ApiKeyMaintenanceService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slots: ApiKeySlotsService,
    private readonly scheduler: JobScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'api-keys.daily-cleanup',
      cron: '30 3 * * *',
      description: 'Marks expired API keys and clears stale concurrency and rate-limit state',
      run: async () => ({ ...(await this.runDaily()) }),
    });
  }

  /** Marks keys past their expiry `expired` (authentication refuses them already; this makes it visible). */
  async disableExpiredKeys(): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE api_keys SET status = 'expired', updated_at = now()
        WHERE status IN ('active', 'disabled') AND expires_at <= now() RETURNING id`,
    );
    return rows.length;
  }

  /** Rate-limit windows that ended more than a day ago (the key is idle; its next request starts a new one). */
  async purgeRateWindows(): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `DELETE FROM api_key_rate_windows w USING api_keys k
        WHERE k.id = w.api_key_id
          AND w.window_started_at + make_interval(secs => k.rate_limit_window_seconds) < now() - interval '1 day'
        RETURNING w.api_key_id`,
    );
    return rows.length;
  }

  /** The daily run: expired keys and stale limiter state. */
  async runDaily(): Promise<ApiKeyCleanupResult> {
    const expiredKeys = await this.disableExpiredKeys();
    const stale = await this.slots.purgeStale();
    const rateWindowsPurged = await this.purgeRateWindows();
    return { expiredKeys, staleSlots: stale.slots, staleQueueEntries: stale.queue, rateWindowsPurged };
  }
}
