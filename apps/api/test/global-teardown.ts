import { rmSync } from 'node:fs';
import type { EmbeddedPostgresHandle } from '../src/database/embedded-postgres';
import { adminUrl, withClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__REELMETER_PG__ as
    { pg: EmbeddedPostgresHandle; dir: string } | undefined;
  if (state) {
    await state.pg.stop();
    rmSync(state.dir, { recursive: true, force: true });
    return;
  }
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (template) await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${template}`));
}
