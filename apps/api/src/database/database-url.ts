import { AppConfig } from '../config/app-config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

export const DATABASE_NAME = 'reelmeter';

/**
 * DATABASE_URL when the operator gave one; otherwise the embedded server (started here and
 * stopped by the returned handle). The database itself is created on first use.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (message: string) => void = () => undefined,
): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (config.database.url) return { url: config.database.url };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.database.embedded.dir,
    port: config.database.embedded.port,
    log,
  });
  const { Client } = await import('pg');
  const client = new Client({ connectionString: embedded.url('postgres') });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
  return { url: embedded.url(DATABASE_NAME), embedded };
}

/** For one-shot commands: run `work` against the configured database, then stop what was started. */
export async function withDatabase<T>(config: AppConfig, work: (url: string) => Promise<T>): Promise<T> {
  const { url, embedded } = await resolveDatabase(config);
  try {
    return await work(url);
  } finally {
    await embedded?.stop();
  }
}
