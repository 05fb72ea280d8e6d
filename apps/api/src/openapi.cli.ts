import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { buildOpenApiDocument, serializeOpenApi } from './openapi';

/** `npm run api:gen`: writes docs/openapi.json from the code, with no database needed. */
async function main() {
  const config = loadConfig({ ...process.env, WEB_DIST_DIR: '/nonexistent' });
  const app = await createApp(config, 'postgres://unused@127.0.0.1:1/unused', { preview: true, quiet: true });
  const file = join(config.rootDir, 'docs', 'openapi.json');
  writeFileSync(file, serializeOpenApi(buildOpenApiDocument(app)));
  await app.close();
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
