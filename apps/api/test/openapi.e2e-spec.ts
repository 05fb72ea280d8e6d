import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { serializeOpenApi } from '../src/openapi';
import { createTestApp, TestApp } from './test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is served at /api/docs-json and /api/docs', async () => {
    const json = await request(t.url).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/credits/consume', '/api/health']));
    const ui = await request(t.url).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('matches the committed docs/openapi.json (refresh it with `npm run api:gen`)', async () => {
    const served = await request(t.url).get('/api/docs-json').expect(200);
    const committed = readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8');
    const message = 'docs/openapi.json is stale: run `npm run api:gen` and commit the result';
    expect({ message, doc: serializeOpenApi(served.body) }).toEqual({ message, doc: committed });
  });
});
