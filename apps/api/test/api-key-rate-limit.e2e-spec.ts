import { existsSync } from 'node:fs';
import request from 'supertest';
import { createTestDatabase } from './test-database';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { MAIN, ServerProcess, startServerProcess } from './server-process';

/**
 * The acceptance test for limits that hold across instances: two processes of the built server on
 * one database share each key's rate-limit window.
 */
describe('API key rate limit across two API processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    db = await createTestDatabase();
    // One after the other: two first starts on one fresh database would race to seed the admin.
    a = await startServerProcess(db.url, { LOG_LEVEL: 'info' });
    b = await startServerProcess(db.url, { LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('accepts at most the limit in a window, whichever process serves, with correct headers', async () => {
    const login = await request(a.url)
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
      .expect(200);
    const admin = { Authorization: `Bearer ${login.body.accessToken}` };
    const user = await request(b.url)
      .post('/api/v1/auth/register')
      .send({ email: 'client@example.com', password: 'client-password' })
      .expect(201);
    const limit = 10;
    const created = await request(b.url)
      .post('/api/v1/admin/api-keys')
      .set(admin)
      .send({ name: 'rate limited', userId: user.body.user.id, rateLimitWindowSeconds: 3600, rateLimitMaxRequests: limit })
      .expect(201);
    const secret: string = created.body.secret;
    const keyAuth = { Authorization: `Bearer ${secret}` };

    const attempts = 40;
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        request(i % 2 ? a.url : b.url)
          .get('/api/v1/credits/balance')
          .set(keyAuth),
      ),
    );
    const accepted = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(accepted.length + limited.length).toBe(attempts);
    expect(accepted.length).toBe(limit);
    // Both processes served accepted requests: the window really is shared.
    const byProcess = (url: string) => responses.filter((r, i) => r.status === 200 && (i % 2 ? a.url : b.url) === url).length;
    expect(byProcess(a.url) + byProcess(b.url)).toBe(limit);

    for (const r of responses) {
      expect(r.headers['x-ratelimit-limit']).toBe(String(limit));
      const reset = Number(r.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(3600);
    }
    // Each accepted request saw its own place in the window: remaining 9, 8, … 0.
    expect(accepted.map((r) => Number(r.headers['x-ratelimit-remaining'])).sort((x, y) => x - y)).toEqual(
      Array.from({ length: limit }, (_, i) => i),
    );
    for (const r of limited) {
      expect(r.body.code).toBe('RATE_LIMITED');
      expect(r.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(r.headers['retry-after'])).toBe(Number(r.headers['x-ratelimit-reset']));
    }

    // Still limited on either process afterwards; a session is not limited by the key's window.
    await request(a.url).get('/api/v1/credits/balance').set(keyAuth).expect(429);
    await request(b.url).get('/api/v1/credits/balance').set(keyAuth).expect(429);
    await request(a.url)
      .get('/api/v1/credits/balance')
      .set({ Authorization: `Bearer ${user.body.accessToken}` })
      .expect(200);

    // A new window opens when the current one ends (moved in the database instead of waiting an hour).
    const { Client } = await import('pg');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`UPDATE api_key_rate_windows SET window_started_at = now() - interval '3601 seconds'`);
    await client.end();
    const fresh = await request(b.url).get('/api/v1/credits/balance').set(keyAuth).expect(200);
    expect(fresh.headers['x-ratelimit-remaining']).toBe(String(limit - 1));

    // The secret never reached either process's logs (which did log these requests).
    await new Promise((r) => setTimeout(r, 300));
    expect(a.output() + b.output()).toMatch(/"statusCode":429/);
    expect(a.output()).not.toContain(secret.slice(8));
    expect(b.output()).not.toContain(secret.slice(8));
  });
});
