import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { resolveDatabase } from './database/database-url';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './database/data-source';
import { seedDefaults } from './database/seed';
import { HealthStateService } from './health/health-state.service';

const say = (message: string) => process.stdout.write(`[reelmeter] ${message}\n`);

/**
 * Start-up: validate config → database (DATABASE_URL or embedded) → migrations → seeds → HTTP.
 * SIGINT/SIGTERM close the HTTP server and workers first, then stop the embedded database.
 */
async function bootstrap() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  const { url, embedded } = await resolveDatabase(config, say);
  let stopping = false;
  const stopDatabase = async () => {
    await embedded?.stop();
  };
  try {
    const applied = await runMigrations(url);
    if (applied.length) say(`applied migrations: ${applied.join(', ')}`);
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    try {
      const seeded = await seedDefaults(ds, config);
      if (seeded.generatedAdminPassword) {
        say(`created admin ${config.admin.email} with password: ${seeded.generatedAdminPassword}`);
        say('this password is shown once; set ADMIN_PASSWORD or change it after signing in');
      }
    } finally {
      await ds.destroy();
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const app = await createApp(config, url);
  // app.close() runs every module's shutdown hooks (draining workers) before the database stops.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: shutting down`);
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    // Readiness answers 503 from now on: a load balancer stops routing here while work drains.
    app.get(HealthStateService).startDraining();
    try {
      await app.close();
    } finally {
      await stopDatabase();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.port, config.host);
  say(
    `ReelMeter is listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (API docs at /api/docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
