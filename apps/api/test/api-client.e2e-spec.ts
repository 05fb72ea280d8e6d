import axios, { AxiosError } from 'axios';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { createApiClient } from '../../../libs/api-client/src';
import { loginAdmin, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

// The generator is plain JavaScript so that `npm run api:client` needs no build step.
const generator = require('../../../libs/api-client/scripts/generate-client.js') as {
  generateClient: (document: unknown) => string;
  OPENAPI_FILE: string;
  OUTPUT_FILE: string;
};

describe('the typed API client (libs/api-client)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches docs/openapi.json (refresh it with `npm run api:gen`)', () => {
    const expected = generator.generateClient(JSON.parse(readFileSync(generator.OPENAPI_FILE, 'utf8')));
    const committed = readFileSync(generator.OUTPUT_FILE, 'utf8');
    const message = 'libs/api-client/src/generated/api.ts is stale: run `npm run api:gen` and commit the result';
    expect({ message, source: committed }).toEqual({ message, source: expected });
  });

  it('talks to a running server with a session and with an API key', async () => {
    const user = await registerUser(t);
    const admin = await loginAdmin(t);
    const asAdmin = createApiClient(axios.create({ baseURL: t.url, headers: admin.auth }));
    await asAdmin.apiKeyPermissionsAdminSet(user.id, { allowed: true });

    const asUser = createApiClient(axios.create({ baseURL: t.url, headers: user.auth }));
    const created = await asUser.apiKeysCreate({ name: 'typed', quotaLimit: 25 });
    expect(created.secret).toMatch(/^rm_live_/);
    const listed = await asUser.apiKeysList();
    expect(listed.canCreate).toBe(true);
    expect(listed.items.map((k) => k.id)).toEqual([created.id]);

    const asKey = createApiClient(axios.create({ baseURL: t.url, headers: { Authorization: `Bearer ${created.secret}` } }));
    expect((await asKey.creditsBalance()).available).toBe(520);
    const spent = await asKey.creditsConsume({ amount: 20, action: 'script' }, { headers: { 'Idempotency-Key': 'typed-1' } });
    expect(spent).toMatchObject({ available: 500, consumed: 20 });
    const ledger = await asKey.creditsLedger({ limit: 1, kind: 'consume' });
    expect(ledger.items[0]).toMatchObject({ kind: 'consume', amount: -20 });
    expect(await asKey.keyUsageUsage()).toMatchObject({ quotaLimit: 25, quotaUsed: 20, quotaRemaining: 5 });

    // Errors arrive as axios errors carrying the shared error body.
    const refused = await asKey.creditsConsume({ amount: 6, action: 'script' }).catch((e: AxiosError) => e);
    expect((refused as AxiosError).response?.status).toBe(429);
    expect((refused as AxiosError<{ code: string }>).response?.data.code).toBe('API_KEY_QUOTA_EXCEEDED');
    await request(t.url).get('/api/v1/credits/balance').set(user.auth).expect(200);
  });
});
