import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/data-source';
import { adminUrl, withClient } from './test-database';

/**
 * One PostgreSQL for the whole run: DATABASE_URL when given, otherwise an embedded server on a
 * free port with its data in a temporary folder. Migrations run once into a template database
 * that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'reelmeter-test-'));
    chmodSync(dir, 0o755); // the server runs as user postgres when tests run as root
    const pg = await startEmbeddedPostgres({
      dataDir: join(dir, 'pg'),
      port: await freePort(),
      // Throw-away data: durability off for speed; many test files run at once.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 400 },
    });
    (globalThis as Record<string, unknown>).__REELMETER_PG__ = { pg, dir };
    process.env.TEST_ADMIN_DATABASE_URL = pg.url('postgres');
  }
  const template = `reelmeter_template_${process.pid}`;
  await withClient(adminUrl(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
  });
  await runMigrations(adminUrl(template));
  process.env.TEST_TEMPLATE_DATABASE = template;
}
