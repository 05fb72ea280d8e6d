import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { withDatabase } from '../database/database-url';
import { ApiKeyMaintenanceService } from './api-key-maintenance.service';
import { ApiKeySlotsService } from './api-key-slots.service';

/**
 * `npm run keys:cleanup`: the daily API-key clean-up by hand or from the system crontab (seed 003's
 * `0 2 * * *`), for operators who do not rely on the built-in scheduler. Safe to run while the server runs.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  return withDatabase(config, async (url) => {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const maintenance = new ApiKeyMaintenanceService(ds, new IdempotencyService(ds, config), new ApiKeySlotsService(ds));
      const result = await maintenance.runDaily();
      console.log(
        `expired keys marked: ${result.expiredKeys}, idempotency records purged: ${result.idempotencyRecordsPurged}, ` +
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
