import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { JobScheduler } from '../src/scheduler/job-scheduler.service';
import { queryRows } from '../src/common/database/sql';
import { ApiKeyMaintenanceService } from '../src/api-keys/api-key-maintenance.service';
import { ApiKeyUsageService } from '../src/api-keys/api-key-usage.service';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { balanceOf, createApiKey, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp, testEnv } from './test-app';

describe('API keys', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('lifecycle: permission, create (secret once), use, list, update, disable, revoke', async () => {
    const user = await registerUser(t);
    const other = await registerUser(t);

    // Without the enterprise package or an admin's approval a user cannot create keys.
    const listed = await request(t.url).get('/api/v1/api-keys').set(user.auth).expect(200);
    expect(listed.body).toEqual({ items: [], canCreate: false });
    const refused = await request(t.url).post('/api/v1/api-keys').set(user.auth).send({ name: 'mine' }).expect(403);
    expect(refused.body.code).toBe('API_KEYS_NOT_ALLOWED');

    const granted = await request(t.url)
      .put(`/api/v1/admin/users/${user.id}/api-key-permission`)
      .set(admin.auth)
      .send({ allowed: true })
      .expect(200);
    expect(granted.body).toMatchObject({ userId: user.id, allowed: true, source: 'admin' });

    const created = await request(t.url)
      .post('/api/v1/api-keys')
      .set(user.auth)
      .set('Idempotency-Key', 'create-key-1')
      .send({ name: 'render farm', quotaLimit: 100, rateLimitMaxRequests: 1000, expiresAfterFirstUseDays: 7 })
      .expect(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^rm_live_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'render farm',
      prefix: secret.slice(0, 14),
      status: 'active',
      quotaLimit: 100,
      quotaUsed: 0,
      quotaRemaining: 100,
      expiresAt: null,
      expiresAfterFirstUseDays: 7,
      userId: user.id,
    });
    const keyAuth = { Authorization: `Bearer ${secret}` };

    // The secret is never retrievable again: not in listings, not in the database, not in idempotency records.
    const afterCreate = await request(t.url).get('/api/v1/api-keys').set(user.auth).expect(200);
    expect(afterCreate.body.canCreate).toBe(true);
    expect(afterCreate.body.items).toHaveLength(1);
    const one = await request(t.url).get(`/api/v1/api-keys/${created.body.id}`).set(user.auth).expect(200);
    const adminView = await request(t.url).get(`/api/v1/admin/api-keys/${created.body.id}`).set(admin.auth).expect(200);
    const adminList = await request(t.url).get(`/api/v1/admin/api-keys?userId=${user.id}`).set(admin.auth).expect(200);
    for (const body of [afterCreate.body, one.body, adminView.body, adminList.body]) {
      expect(JSON.stringify(body)).not.toContain(secret.slice(8));
      expect(JSON.stringify(body)).not.toContain('secret');
    }
    const stored = await queryRows(t.ds.manager, `SELECT row_to_json(k)::text AS json FROM api_keys k`);
    const records = await queryRows(t.ds.manager, `SELECT row_to_json(r)::text AS json FROM idempotency_records r`);
    for (const row of [...stored, ...records]) expect(String(row.json)).not.toContain(secret.slice(8));

    // The key works on the (key) routes, with rate-limit headers on every response.
    const balance = await request(t.url).get('/api/v1/credits/balance').set(keyAuth).expect(200);
    expect(balance.body.available).toBe(520);
    expect(balance.headers['x-ratelimit-limit']).toBe('1000');
    expect(balance.headers['x-ratelimit-remaining']).toBe('999');
    expect(Number(balance.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    await request(t.url).get('/api/v1/credits/ledger').set(keyAuth).expect(200);
    await request(t.url).get('/api/v1/credits/stats').set(keyAuth).expect(200);
    const quota = await request(t.url).get('/api/v1/quota').set(keyAuth).expect(200);
    expect(quota.body).toEqual({ quota: 0, used: 0, remaining: 0 });
    const consumed = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(keyAuth)
      .set('Idempotency-Key', 'k-1')
      .send({ amount: 30, action: 'script' })
      .expect(200);
    expect(consumed.body).toMatchObject({ available: 490, consumed: 30 });
    // A retry is replayed: neither the balance nor the key's quota moves again.
    await request(t.url)
      .post('/api/v1/credits/consume')
      .set(keyAuth)
      .set('Idempotency-Key', 'k-1')
      .send({ amount: 30, action: 'script' })
      .expect(200);
    const usage = await request(t.url).get('/api/v1/key-usage').set(keyAuth).expect(200);
    expect(usage.body).toMatchObject({ keyId: created.body.id, quotaLimit: 100, quotaUsed: 30, quotaRemaining: 70 });
    expect(await balanceOf(t, user)).toBe(490);
    // The first use started the "7 days after first use" expiry and recorded where it came from.
    const used = await request(t.url).get(`/api/v1/api-keys/${created.body.id}`).set(user.auth).expect(200);
    expect(used.body.firstUsedAt).not.toBeNull();
    expect(new Date(used.body.expiresAt).getTime() - new Date(used.body.firstUsedAt).getTime()).toBe(7 * 86_400_000);
    expect(used.body.lastUsedAt).not.toBeNull();
    expect(used.body.lastUsedIp).toMatch(/127\.0\.0\.1/);

    // Over the key's quota: 429 with its own code, balance untouched.
    const over = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(keyAuth)
      .send({ amount: 71, action: 'script' })
      .expect(429);
    expect(over.body).toMatchObject({
      code: 'API_KEY_QUOTA_EXCEEDED',
      details: { quotaLimit: 100, quotaUsed: 30, remaining: 70, required: 71 },
    });
    expect(await balanceOf(t, user)).toBe(490);
    // Through a session the same user is not limited by the key's quota.
    await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 71, action: 'script' }).expect(200);

    // A key cannot manage keys, and only works on routes marked (key).
    for (const [method, path] of [
      ['get', '/api/v1/api-keys'],
      ['post', '/api/v1/api-keys'],
      ['get', '/api/v1/me'],
    ] as const) {
      const res = await request(t.url)[method](path).set(keyAuth).send({ name: 'x' });
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 403, code: 'API_KEY_NOT_ACCEPTED' });
    }
    // key-usage needs the key itself.
    await request(t.url).get('/api/v1/key-usage').set(user.auth).expect(400);

    // Another user can neither see nor change the key.
    await request(t.url).get(`/api/v1/api-keys/${created.body.id}`).set(other.auth).expect(404);
    await request(t.url).patch(`/api/v1/api-keys/${created.body.id}`).set(other.auth).send({ status: 'disabled' }).expect(404);
    await request(t.url).delete(`/api/v1/api-keys/${created.body.id}`).set(other.auth).expect(404);

    // Update settings; disable and enable.
    const renamed = await request(t.url)
      .patch(`/api/v1/api-keys/${created.body.id}`)
      .set(user.auth)
      .send({ name: 'renamed', quotaLimit: 200 })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'renamed', quotaLimit: 200, quotaUsed: 30, quotaRemaining: 170 });
    await request(t.url).patch(`/api/v1/api-keys/${created.body.id}`).set(user.auth).send({ status: 'disabled' }).expect(200);
    const disabled = await request(t.url).get('/api/v1/credits/balance').set(keyAuth).expect(403);
    expect(disabled.body.code).toBe('API_KEY_DISABLED');
    await request(t.url).patch(`/api/v1/api-keys/${created.body.id}`).set(user.auth).send({ status: 'active' }).expect(200);
    await request(t.url).get('/api/v1/credits/balance').set(keyAuth).expect(200);
    // Users cannot bind their keys to upstream accounts (an admin decision).
    await request(t.url)
      .patch(`/api/v1/api-keys/${created.body.id}`)
      .set(user.auth)
      .send({ upstreamBinding: 'group:6f1c7a52-0d7e-4a55-9a57-3f3d3c1e2b10' })
      .expect(400);

    // Revoke: final, with its own code.
    const revoked = await request(t.url).delete(`/api/v1/api-keys/${created.body.id}`).set(user.auth).expect(200);
    expect(revoked.body.status).toBe('revoked');
    expect(revoked.body.revokedAt).not.toBeNull();
    const afterRevoke = await request(t.url).get('/api/v1/credits/balance').set(keyAuth).expect(401);
    expect(afterRevoke.body.code).toBe('API_KEY_REVOKED');
    const change = await request(t.url)
      .patch(`/api/v1/api-keys/${created.body.id}`)
      .set(user.auth)
      .send({ status: 'active' })
      .expect(409);
    expect(change.body.code).toBe('API_KEY_NOT_MODIFIABLE');

    // Withdrawing the permission stops new keys.
    await request(t.url)
      .put(`/api/v1/admin/users/${user.id}/api-key-permission`)
      .set(admin.auth)
      .send({ allowed: false })
      .expect(200);
    await request(t.url).post('/api/v1/api-keys').set(user.auth).send({ name: 'again' }).expect(403);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('rejects unknown, malformed and expired keys with their codes; admin routes never accept keys', async () => {
    const user = await registerUser(t);
    for (const bad of ['rm_live_unknownunknownunknownunknownunknownunkno', 'rm_nonsense']) {
      const res = await request(t.url).get('/api/v1/credits/balance').set('Authorization', `Bearer ${bad}`).expect(401);
      expect(res.body.code).toBe('INVALID_API_KEY');
    }

    // A key owned by an admin still cannot reach admin routes.
    const adminKey = await createApiKey(t, admin, { rateLimitMaxRequests: 1000 }, admin);
    for (const path of ['/api/v1/admin/users', '/api/v1/admin/api-keys', '/api/v1/admin/ledger/verify']) {
      const res = await request(t.url).get(path).set(adminKey.auth).expect(403);
      expect(res.body.code).toBe('API_KEY_NOT_ACCEPTED');
    }
    const mint = await request(t.url).post('/api/v1/admin/api-keys').set(adminKey.auth).send({ name: 'x', userId: user.id });
    expect(mint.status).toBe(403);

    // Admin-made trial key: small quota, absolute expiry.
    const trial = await createApiKey(
      t,
      user,
      {
        name: 'one-week trial',
        quotaLimit: 20,
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        concurrencyLimit: 3,
        queueEnabled: true,
        queueMaxSize: 5,
        queueTimeoutMs: 10000,
        rateLimitWindowSeconds: 60,
        rateLimitMaxRequests: 30,
        allowedModels: ['veo3'],
        upstreamBinding: 'group:6f1c7a52-0d7e-4a55-9a57-3f3d3c1e2b10',
      },
      admin,
    );
    expect(trial.body).toMatchObject({ quotaLimit: 20, concurrencyLimit: 3, queueMaxSize: 5, allowedModels: ['veo3'] });
    // What the video pipeline asks of a key: its allowed models, its upstream binding, quota charge and refund.
    const keys = t.app.get(ApiKeysService);
    await expect(keys.assertModelAllowed(trial.id, 'veo3')).resolves.toBeUndefined();
    await expect(keys.assertModelAllowed(trial.id, 'sora-2')).rejects.toMatchObject({
      code: 'API_KEY_MODEL_NOT_ALLOWED',
      statusCode: 403,
    });
    expect((await keys.policy(trial.id)).binding).toEqual({ groupId: '6f1c7a52-0d7e-4a55-9a57-3f3d3c1e2b10' });
    const usage = t.app.get(ApiKeyUsageService);
    await t.ds.transaction((em) => usage.charge(em, trial.id, 15));
    await expect(t.ds.transaction((em) => usage.charge(em, trial.id, 6))).rejects.toMatchObject({
      code: 'API_KEY_QUOTA_EXCEEDED',
    });
    await t.ds.transaction((em) => usage.refund(em, trial.id, 15));
    await expect(t.ds.transaction((em) => usage.charge(em, trial.id, 20))).resolves.toEqual({ quotaUsed: 20, quotaLimit: 20 });
    await t.ds.transaction((em) => usage.refund(em, trial.id, 20));
    await request(t.url).get('/api/v1/credits/balance').set(trial.auth).expect(200);
    const badExpiry = await request(t.url)
      .post('/api/v1/admin/api-keys')
      .set(admin.auth)
      .send({ name: 'past', userId: user.id, expiresAt: '2001-01-01T00:00:00Z' })
      .expect(400);
    expect(badExpiry.body.code).toBe('VALIDATION_FAILED');

    // Time passes (moved in the database): the key is refused as expired, then marked by the daily clean-up.
    await queryRows(t.ds.manager, `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [trial.id]);
    const expired = await request(t.url).get('/api/v1/credits/balance').set(trial.auth).expect(403);
    expect(expired.body.code).toBe('API_KEY_EXPIRED');
    // The daily runs (through the scheduler, as cron would) purge idempotency records past retention and stale limiter state.
    await queryRows(
      t.ds.manager,
      `INSERT INTO idempotency_records (user_id, key, method, path, request_hash, state, created_at)
       VALUES ($1, 'old', 'POST', '/x', repeat('0', 64), 'completed', now() - interval '49 hours'),
              ($1, 'recent', 'POST', '/x', repeat('0', 64), 'completed', now())`,
      [user.id],
    );
    await queryRows(
      t.ds.manager,
      `INSERT INTO api_key_slots (api_key_id, holder, lease_expires_at) VALUES ($1, 'dead-job', now() - interval '1 minute')`,
      [trial.id],
    );
    const cleanup = await t.app.get(JobScheduler).runNow('api-keys.daily-cleanup');
    expect(cleanup).toMatchObject({ outcome: 'succeeded', details: { expiredKeys: 1, staleSlots: 1 } });
    const purge = await t.app.get(JobScheduler).runNow('idempotency.purge');
    expect(purge.details).toEqual({ deleted: 1 });
    const left = await queryRows(t.ds.manager, `SELECT key FROM idempotency_records WHERE user_id = $1`, [user.id]);
    expect(left.map((r) => r.key)).toEqual(['recent']);
    expect(await t.app.get(ApiKeyMaintenanceService).disableExpiredKeys()).toBe(0);
    const shown = await request(t.url).get(`/api/v1/admin/api-keys/${trial.id}`).set(admin.auth).expect(200);
    expect(shown.body.status).toBe('expired');
    expect((await request(t.url).get('/api/v1/credits/balance').set(trial.auth).expect(403)).body.code).toBe('API_KEY_EXPIRED');
    // An admin can give it a new life: a future expiry and status active.
    await request(t.url)
      .patch(`/api/v1/admin/api-keys/${trial.id}`)
      .set(admin.auth)
      .send({ expiresAt: new Date(Date.now() + 86_400_000).toISOString(), status: 'active' })
      .expect(200);
    await request(t.url).get('/api/v1/credits/balance').set(trial.auth).expect(200);

    // A disabled owner's keys stop working too.
    await request(t.url).patch(`/api/v1/admin/users/${user.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);
    expect((await request(t.url).get('/api/v1/credits/balance').set(trial.auth).expect(403)).body.code).toBe('USER_DISABLED');
  });

  it('quota: concurrent requests through a key with quota Q never spend more than Q through it', async () => {
    const user = await registerUser(t);
    const quota = 53;
    const amount = 5;
    const key = await createApiKey(t, user, { quotaLimit: quota, rateLimitMaxRequests: 10_000 }, admin);
    const attempts = 40;
    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        request(t.url)
          .post('/api/v1/credits/consume')
          .set(key.auth)
          .set('Idempotency-Key', `quota-${i}`)
          .send({ amount, action: 'video' }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok.length + limited.length).toBe(attempts);
    expect(ok.length).toBe(Math.floor(quota / amount));
    for (const r of limited) expect(r.body.code).toBe('API_KEY_QUOTA_EXCEEDED');

    const usage = await request(t.url).get('/api/v1/key-usage').set(key.auth).expect(200);
    expect(usage.body.quotaUsed).toBe(ok.length * amount);
    expect(usage.body.quotaUsed).toBeLessThanOrEqual(quota);
    // The owner's credits moved by exactly the same amount: key quota and balance change together.
    expect(await balanceOf(t, user)).toBe(520 - ok.length * amount);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('`npm run keys:cleanup` runs the daily clean-up against the database', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(t, user, {}, admin);
    await queryRows(t.ds.manager, `UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [key.id]);
    const cli = join(__dirname, '../dist/api-keys/cleanup.cli.js');
    const child = spawn(process.execPath, [cli], {
      env: { ...process.env, ...testEnv(t.databaseUrl) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(output).toMatch(/^expired keys marked: 1, idempotency records purged: \d+/);
    expect(status).toBe(0);
    const [row] = await queryRows(t.ds.manager, `SELECT status FROM api_keys WHERE id = $1`, [key.id]);
    expect(row.status).toBe('expired');
  });

  it('buying the enterprise package (API-key flag) lets the buyer create keys; other packages do not', async () => {
    const buyer = await registerUser(t);
    const packages = await request(t.url).get('/api/v1/packages').set(buyer.auth).expect(200);
    const byCode = (code: string) =>
      (packages.body as { id: string; code: string; grantsApiKeys: boolean }[]).find((p) => p.code === code)!;
    const buy = async (code: string) => {
      const order = await request(t.url)
        .post('/api/v1/orders')
        .set(buyer.auth)
        .send({ packageId: byCode(code).id, channel: 'sandbox' })
        .expect(201);
      await request(t.url).post(`/api/v1/payments/sandbox/${order.body.id}/pay`).expect(200);
      return order.body.id as string;
    };
    expect(byCode('basic').grantsApiKeys).toBe(false);
    await buy('basic');
    expect((await request(t.url).get('/api/v1/api-keys').set(buyer.auth).expect(200)).body.canCreate).toBe(false);

    expect(byCode('enterprise').grantsApiKeys).toBe(true);
    const orderId = await buy('enterprise');
    expect((await request(t.url).get('/api/v1/api-keys').set(buyer.auth).expect(200)).body.canCreate).toBe(true);
    const permission = await request(t.url).get(`/api/v1/admin/users/${buyer.id}/api-key-permission`).set(admin.auth).expect(200);
    expect(permission.body).toMatchObject({ allowed: true, source: 'purchase' });
    const [row] = await queryRows(t.ds.manager, `SELECT reference_id FROM api_key_permissions WHERE user_id = $1`, [buyer.id]);
    expect(row.reference_id).toBe(orderId);
    await request(t.url).post('/api/v1/api-keys').set(buyer.auth).send({ name: 'enterprise key' }).expect(201);
  });

  it('a refunded enterprise order takes back its permission and quota, unless another paid order still grants it', async () => {
    const buyer = await registerUser(t);
    const packages = (await request(t.url).get('/api/v1/packages').set(buyer.auth).expect(200)).body as {
      id: string;
      code: string;
    }[];
    const enterprise = packages.find((p) => p.code === 'enterprise')!;
    const buy = async () => {
      const order = await request(t.url)
        .post('/api/v1/orders')
        .set(buyer.auth)
        .send({ packageId: enterprise.id, channel: 'sandbox' })
        .expect(201);
      await request(t.url).post(`/api/v1/payments/sandbox/${order.body.id}/pay`).expect(200);
      return order.body.id as string;
    };
    const refund = (orderId: string) =>
      request(t.url)
        .post(`/api/v1/admin/orders/${orderId}/refund`)
        .set(admin.auth)
        .send({ reason: 'Customer request' })
        .expect(201);
    const canCreate = async () => (await request(t.url).get('/api/v1/api-keys').set(buyer.auth).expect(200)).body.canCreate;
    const quota = async () => (await request(t.url).get('/api/v1/quota').set(buyer.auth).expect(200)).body.quota as number;

    const first = await buy();
    const second = await buy();
    const key = await request(t.url).post('/api/v1/api-keys').set(buyer.auth).send({ name: 'kept' }).expect(201);
    const boughtQuota = await quota();

    // The first order granted the permission; refunded, the second still grants it.
    const firstRefund = await refund(first);
    expect(await canCreate()).toBe(true);
    const [row] = await queryRows(t.ds.manager, `SELECT reference_id FROM api_key_permissions WHERE user_id = $1`, [buyer.id]);
    expect(row.reference_id).toBe(second);
    const granted = (o: { credits: number; bonusCredits: number; vipBonusCredits: number }) =>
      o.credits + o.bonusCredits + o.vipBonusCredits;
    expect(await quota()).toBe(boughtQuota - granted(firstRefund.body));

    // With no paid enterprise order left the permission goes; the key made meanwhile keeps working.
    await refund(second);
    expect(await canCreate()).toBe(false);
    const refused = await request(t.url).post('/api/v1/api-keys').set(buyer.auth).send({ name: 'another' });
    expect(refused.body.code).toBe('API_KEYS_NOT_ALLOWED');
    await request(t.url)
      .get('/api/v1/key-usage')
      .set({ Authorization: `Bearer ${key.body.secret}` })
      .expect(200);
    expect(await quota()).toBe(0);

    // An admin's grant is not a purchase's: a refund never takes it back.
    await request(t.url)
      .put(`/api/v1/admin/users/${buyer.id}/api-key-permission`)
      .set(admin.auth)
      .send({ allowed: true })
      .expect(200);
    const third = await buy();
    await refund(third);
    expect(await canCreate()).toBe(true);
  });
});
