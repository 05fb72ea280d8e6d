import { FakeUpstream, startFakeUpstream } from '@reelmeter/fake-upstream';
import http from 'node:http';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { dataSourceOptions } from '../src/database/data-source';
import { createTestDatabase } from './test-database';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';
import { MAIN, ServerProcess, startServerProcess } from './server-process';
import { until } from './until';

/** Reads a Server-Sent Events stream until it ends; returns the event names in order. */
function sseEvents(url: string, auth: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { ...auth, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`SSE answered ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve([...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])));
    });
    req.on('error', reject);
    req.setTimeout(90_000, () => req.destroy(new Error('SSE stream did not end')));
  });
}

/**
 * Two processes of the built server on one database, as behind a load balancer: balances, API-key
 * quotas and rate-limit windows hold across them, a job's event stream works on either, and what one
 * process caches (a user's access, the maintenance switch) follows a change made through the other. (That
 * each cron tick runs once across two processes is tested in scheduler.e2e-spec.ts.)
 */
describe('two API processes on one database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let fake: FakeUpstream;
  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true);
    db = await createTestDatabase();
    fake = await startFakeUpstream({
      seed: 3,
      timeScale: 0.01,
      scenario: {
        submitLatencyMs: [5_000, 10_000],
        queueMs: [0, 5_000],
        generationMs: [50_000, 100_000],
        progressRegressRate: 0,
      },
    });
    const env = {
      LOG_LEVEL: 'info',
      SIMULATED_UPSTREAM_ENABLED: 'false',
      VIDEO_POLL_INITIAL_MS: '100',
      VIDEO_POLL_MAX_MS: '300',
      VIDEO_POLL_TICK_MS: '50',
      VIDEO_SSE_POLL_MS: '200',
    };
    // One after the other: two first starts on one fresh database would race to seed the admin.
    a = await startServerProcess(db.url, env);
    b = await startServerProcess(db.url, env);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await db?.drop();
  });

  async function adminAuth() {
    const login = await request(a.url)
      .post('/api/v1/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
      .expect(200);
    return { Authorization: `Bearer ${login.body.accessToken}` };
  }

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

  it('refuses a user disabled through one process on the other at once, and takes videos again after maintenance', async () => {
    const admin = await adminAuth();
    const user = await request(a.url)
      .post('/api/v1/auth/register')
      .send({ email: 'cached@example.com', password: 'cached-password' })
      .expect(201);
    const auth = { Authorization: `Bearer ${user.body.accessToken}` };
    await request(b.url).get('/api/v1/me').set(auth).expect(200); // b now holds the user's access
    await request(a.url).patch(`/api/v1/admin/users/${user.body.user.id}`).set(admin).send({ status: 'disabled' }).expect(200);
    const refused = await until(
      async () => {
        const res = await request(b.url).get('/api/v1/me').set(auth);
        return res.status === 403 ? res : undefined;
      },
      'b to refuse the disabled user',
      10_000,
    );
    expect(refused.body.code).toBe('USER_DISABLED');

    // The maintenance switch (read on every submit, cached) set on a is seen by b, and so is switching it off.
    const status = (url: string) => request(url).get('/api/v1/system/status').expect(200);
    await status(b.url);
    await request(a.url).put('/api/v1/admin/system/status').set(admin).send({ maintenance: true }).expect(200);
    await until(async () => (await status(b.url)).body.status === 'maintenance', 'b to see maintenance', 10_000);
    await request(a.url).put('/api/v1/admin/system/status').set(admin).send({ maintenance: false }).expect(200);
    await until(async () => (await status(b.url)).body.status !== 'maintenance', 'b to see it end', 10_000);
  });

  it('never spends a balance or a key quota twice when both processes charge it at once', async () => {
    const admin = await adminAuth();
    const user = await request(a.url)
      .post('/api/v1/auth/register')
      .send({ email: 'spender@example.com', password: 'spender-password' })
      .expect(201);
    const session = { Authorization: `Bearer ${user.body.accessToken}` };
    const key = await request(b.url)
      .post('/api/v1/admin/api-keys')
      .set(admin)
      .send({ name: 'quota', userId: user.body.user.id, quotaLimit: 210, rateLimitWindowSeconds: 60, rateLimitMaxRequests: 1000 })
      .expect(201);
    const keyAuth = { Authorization: `Bearer ${key.body.secret}` };

    // 120 charges of 7 against 520 credits: half through the session, half through the key (quota 30
    // charges), alternating between the processes.
    const attempts = Array.from({ length: 120 }, (_, i) => ({ url: i % 4 < 2 ? a.url : b.url, viaKey: i % 2 === 1 }));
    const responses = await Promise.all(
      attempts.map(({ url, viaKey }) =>
        request(url)
          .post('/api/v1/credits/consume')
          .set(viaKey ? keyAuth : session)
          .send({ amount: 7, action: 'script' }),
      ),
    );
    const ok = responses.map((r, i) => ({ r, ...attempts[i] })).filter((x) => x.r.status === 200);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(['INSUFFICIENT_CREDITS', 'API_KEY_QUOTA_EXCEEDED']).toContain(r.body.code);
    }
    expect(ok).toHaveLength(Math.floor(520 / 7));
    const keyCharges = ok.filter((x) => x.viaKey).length;
    expect(keyCharges).toBeLessThanOrEqual(30);
    expect(new Set(ok.map((x) => x.url)).size).toBe(2);
    // Every success saw its own balance: the charges serialized across processes.
    expect(new Set(ok.map((x) => x.r.body.available)).size).toBe(ok.length);

    const ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    try {
      const [account] = await ds.query(`SELECT available FROM credit_accounts WHERE user_id = $1`, [user.body.user.id]);
      expect(Number(account.available)).toBe(520 - ok.length * 7);
      const [apiKey] = await ds.query(`SELECT quota_used FROM api_keys WHERE id = $1`, [key.body.id]);
      expect(Number(apiKey.quota_used)).toBe(keyCharges * 7);
      expect((await verifyLedger(ds)).problems).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('streams a job’s events to the end on either process, whichever one runs the job', async () => {
    const admin = await adminAuth();
    fake.upsertKey({ key: 'sk-two-instances-key', balanceFen: 1_000_000 });
    await request(a.url)
      .post('/api/v1/admin/provider-accounts')
      .set(admin)
      .send({ provider: 'vivaapi', name: 'two-instances', baseUrl: fake.url, apiKey: 'sk-two-instances-key' })
      .expect(201);
    const user = await request(b.url)
      .post('/api/v1/auth/register')
      .send({ email: 'watcher@example.com', password: 'watcher-password' })
      .expect(201);
    const auth = { Authorization: `Bearer ${user.body.accessToken}` };
    const submit = (url: string, prompt: string) =>
      request(url)
        .post('/api/v1/videos')
        .set(auth)
        .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
        .expect(202);
    const jobs = [
      (await submit(a.url, 'watched on b')).body.id as string,
      (await submit(b.url, 'watched on a')).body.id as string,
    ];
    const streams = await Promise.all([
      sseEvents(`${b.url}/api/v1/videos/${jobs[0]}/events`, auth),
      sseEvents(`${a.url}/api/v1/videos/${jobs[1]}/events`, auth),
    ]);
    for (const events of streams) {
      expect(events.length).toBeGreaterThanOrEqual(2);
      expect(events.at(-1)).toBe('succeeded');
    }
  });
});
