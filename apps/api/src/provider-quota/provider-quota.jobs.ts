import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobScheduler } from '../scheduler/job-scheduler.service';
import { UpstreamBalanceService } from './upstream-balance.service';

/** A cron for "every N minutes": a step within the hour below 60, else every N/60 hours at minute 0. */
export function everyMinutes(n: number): string {
  if (n < 60) return `*/${n} * * * *`;
  const hours = Math.max(1, Math.round(n / 60));
  return hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
}

/** Periodic upstream work, once per cluster. */
@Injectable()
export class ProviderQuotaJobs implements OnModuleInit {
  constructor(
    private readonly balances: UpstreamBalanceService,
    private readonly scheduler: JobScheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'upstream.balance-check',
      cron: everyMinutes(this.config.upstream.balanceCheckIntervalMinutes),
      description: 'Reads (or estimates) every upstream account balance, keeps a snapshot, recovers accounts with money again',
      run: async () => {
        const results = await this.balances.checkBalances();
        return { accounts: results.length, failed: results.filter((r) => !r.ok).length };
      },
    });
  }
}
