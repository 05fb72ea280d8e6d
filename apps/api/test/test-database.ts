import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by the global setup: a superuser URL (any database) and the migrated template's name. */
export function adminUrl(database = 'postgres'): string {
  const base = process.env.TEST_ADMIN_DATABASE_URL;
  if (!base) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run tests through jest (global setup)');
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template, so test files never share state. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = process.env.TEST_TEMPLATE_DATABASE!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        // Another worker may be cloning the template at the same moment.
        if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    name,
    url: adminUrl(name),
    drop: () => withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
}
