import 'reflect-metadata';
import { loadConfig } from '../config/app-config';
import { runMigrations } from './data-source';
import { withDatabase } from './database-url';

/** `npm run db:migrate`: applies pending migrations to the configured database and exits. */
withDatabase(loadConfig(), runMigrations).then(
  (applied) => {
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
