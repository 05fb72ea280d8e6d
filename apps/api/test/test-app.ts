import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { seedDefaults } from '../src/database/seed';
import { createTestDatabase } from './test-database';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** Base URL of the listening server (real TCP, so concurrency is real). */
  url: string;
  http: () => ReturnType<typeof request>;
  ds: DataSource;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** The test environment: what a test file's app is configured with (plus its overrides). */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    UPSTREAM_SECRET_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    BCRYPT_ROUNDS: '4',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: '/nonexistent',
    SCHEDULER_ENABLED: 'false',
    ...overrides,
  };
}

/** A full application on its own fresh database, listening on a free port. */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig(testEnv(db.url, overrides));
  const app = await createApp(config, db.url, { quiet: true });
  await app.listen(0, '127.0.0.1');
  const ds = app.get(DataSource);
  await seedDefaults(ds, config);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    config,
    url,
    http: () => request(url),
    ds,
    databaseUrl: db.url,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
