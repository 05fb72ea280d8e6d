import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { withDatabase } from '../database/database-url';
import { ApiKeyMaintenanceService } from './api-key-maintenance.service';
import { ApiKeySlotsService } from './api-key-slots.service';
import { JobScheduler } from '../scheduler/job-scheduler.service';

/**
 * `npm run keys:cleanup`: the daily API-key clean-up by hand or from the system crontab (seed 003's
 * `0 2 * * *`), for operators who switch the built-in scheduler off. Safe to run while the server runs.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  return withDatabase(config, async (url) => {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      // The same methods the scheduler's jobs run (api-keys.daily-cleanup, idempotency.purge); the
      // scheduler itself is not started here, it only satisfies the constructors.
      const scheduler = new JobScheduler(ds, config);
      const maintenance = new ApiKeyMaintenanceService(ds, new ApiKeySlotsService(ds), scheduler);
      const result = await maintenance.runDaily();
      const purged = await new IdempotencyService(ds, config, scheduler).purgeExpired();
      console.log(
        `expired keys marked: ${result.expiredKeys}, idempotency records purged: ${purged}, ` +
          `stale slots: ${result.staleSlots}, stale queue entries: ${result.staleQueueEntries}, rate windows purged: ${result.rateWindowsPurged}`,
      );
      return 0;
    } finally {
      await ds.destroy();
    }
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
