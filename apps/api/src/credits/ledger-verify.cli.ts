import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { withDatabase } from '../database/database-url';
import { verifyLedger } from './ledger-verifier';

/** `npm run ledger:verify`: exits 1 naming every broken account, 0 when the books balance. */
async function main(): Promise<number> {
  const config = loadConfig();
  return withDatabase(config, async (url) => {
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const result = await verifyLedger(ds);
      for (const p of result.problems) {
        console.error(`account ${p.userId}: ${p.problem} (expected ${p.expected}, found ${p.actual})`);
      }
      console.log(
        `${result.ok ? 'OK' : 'BROKEN'}: ${result.accountsChecked} accounts, ${result.entriesChecked} ledger entries, ${result.problems.length} problems`,
      );
      return result.ok ? 0 : 1;
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
