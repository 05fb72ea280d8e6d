import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { checkCharacter } from '../src/redeem/redeem-code';
import { REDEEM_INVALID_LIMIT_PER_IP, REDEEM_INVALID_LIMIT_PER_USER } from '../src/redeem/redeem.service';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

/** A well-formed code (valid check character) that no batch contains. */
function unknownCode(i: number): string {
  const body = `ZZZZ${String(i).padStart(8, '2').replace(/[01]/g, '9')}`.slice(0, 12);
  return body + checkCharacter(body);
}

describe('redemption codes and trial cards', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    // Behind a proxy: X-Forwarded-For gives each request its client address.
    t = await createTestApp({ TRUST_PROXY: 'true' });
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  async function batch(body: Record<string, unknown>) {
    const res = await request(t.url)
      .post('/api/v1/admin/redeem-batches')
      .set(admin.auth)
      .send({ name: 'test batch', count: 1, credits: 50, ...body })
      .expect(201);
    return res.body as { id: string; codes: string[]; [k: string]: unknown };
  }

  it('100 concurrent redemptions of one code by 20 users: exactly one succeeds, the books balance', async () => {
    const { id, codes } = await batch({ credits: 77, creditValidityDays: 30 });
    const users = await Promise.all(Array.from({ length: 20 }, () => registerUser(t)));
    const before = await Promise.all(users.map((u) => balanceOf(t, u)));
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(t.url)
          .post('/api/v1/redeem')
          .set(users[i % 20].auth)
          .send({ code: codes[0] }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('REDEEM_CODE_USED');
    }
    const after = await Promise.all(users.map((u) => balanceOf(t, u)));
    const gained = after.map((a, i) => a - before[i]);
    expect(gained.filter((g) => g === 77)).toHaveLength(1);
    expect(gained.filter((g) => g !== 0 && g !== 77)).toHaveLength(0);
    expect(ok[0].body.credits).toBe(77);
    expect(new Date(ok[0].body.creditsExpireAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const rows = await t.ds.query(`SELECT kind, amount, reference_type FROM credit_ledger_entries WHERE kind = 'redeem'`);
    expect(rows).toEqual([{ kind: 'redeem', amount: '77', reference_type: 'redeem_code' }]);
    const verification = await verifyLedger(t.ds);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);

    const stats = await request(t.url).get(`/api/v1/admin/redeem-batches/${id}`).set(admin.auth).expect(200);
    expect(stats.body.stats).toEqual({ redeemed: 1, remaining: 0, expired: 0, disabled: 0 });
  });

  it('stores only hashes and exports the plain codes exactly once', async () => {
    const { id, codes } = await batch({ count: 25, channel: 'xianyu', priceFen: 990 });
    expect(codes).toHaveLength(25);
    expect(new Set(codes).size).toBe(25);
    const stored = await t.ds.query(`SELECT code_hash FROM redeem_codes WHERE batch_id = $1`, [id]);
    expect(stored).toHaveLength(25);
    for (const row of stored) expect(codes.map((c) => c.replace(/-/g, ''))).not.toContain(row.code_hash);

    const csv = await request(t.url).get(`/api/v1/admin/redeem-batches/${id}/export?format=csv`).set(admin.auth).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('code,batch,credits,redeem_by');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(codes);

    const again = await request(t.url).get(`/api/v1/admin/redeem-batches/${id}/export?format=txt`).set(admin.auth).expect(409);
    expect(again.body.code).toBe('REDEEM_BATCH_ALREADY_EXPORTED');
    const [row] = await t.ds.query(`SELECT pending_export FROM redeem_batches WHERE id = $1`, [id]);
    expect(row.pending_export).toBeNull();

    const list = await request(t.url).get('/api/v1/admin/redeem-batches?limit=100').set(admin.auth).expect(200);
    const listed = list.body.items.find((b: { id: string }) => b.id === id);
    expect(listed).toMatchObject({ exportable: false, channel: 'xianyu', priceFen: 990, stats: { remaining: 25, redeemed: 0 } });
    expect(listed.codes).toBeUndefined();
  });

  it('gives distinct errors for malformed, unknown, used, expired and disabled codes, and a per-user limit', async () => {
    const user = await registerUser(t);
    const other = await registerUser(t);
    const redeem = (u: TestUser, code: string) => request(t.url).post('/api/v1/redeem').set(u.auth).send({ code });

    const { codes } = await batch({ count: 3, perUserLimit: 1 });
    const typo = codes[0].slice(0, 3) + (codes[0][3] === 'A' ? 'B' : 'A') + codes[0].slice(4);
    expect((await redeem(user, typo)).body.code).toBe('REDEEM_CODE_MALFORMED');
    expect((await redeem(user, unknownCode(1))).body.code).toBe('REDEEM_CODE_UNKNOWN');

    const first = await redeem(user, codes[0].toLowerCase()).expect(200);
    expect(first.body.available).toBe(await balanceOf(t, user));
    const used = await redeem(other, codes[0]).expect(409);
    expect(used.body.code).toBe('REDEEM_CODE_USED');
    const limited = await redeem(user, codes[1]).expect(409);
    expect(limited.body.code).toBe('REDEEM_LIMIT_REACHED');
    await redeem(other, codes[1]).expect(200);

    const expiring = await batch({ count: 1, redeemBy: new Date(Date.now() + 60_000).toISOString() });
    await t.ds.query(`UPDATE redeem_batches SET redeem_by = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    const expired = await redeem(user, expiring.codes[0]).expect(410);
    expect(expired.body.code).toBe('REDEEM_CODE_EXPIRED');
    const stats = await request(t.url).get(`/api/v1/admin/redeem-batches/${expiring.id}`).set(admin.auth).expect(200);
    expect(stats.body.stats.expired).toBe(1);

    const disabling = await batch({ count: 1 });
    const patched = await request(t.url)
      .patch(`/api/v1/admin/redeem-batches/${disabling.id}`)
      .set(admin.auth)
      .send({ status: 'disabled' })
      .expect(200);
    expect(patched.body.status).toBe('disabled');
    const disabled = await redeem(user, disabling.codes[0]).expect(409);
    expect(disabled.body.code).toBe('REDEEM_CODE_DISABLED');

    const single = await batch({ count: 2 });
    const one = await request(t.url)
      .patch(`/api/v1/admin/redeem-batches/${single.id}`)
      .set(admin.auth)
      .send({ disableCodes: [single.codes[0]] })
      .expect(200);
    expect(one.body).toMatchObject({ status: 'active', stats: { disabled: 1, remaining: 1 } });
    expect((await redeem(user, single.codes[0]).expect(409)).body.code).toBe('REDEEM_CODE_DISABLED');
    await redeem(user, single.codes[1]).expect(200);

    await request(t.url)
      .post('/api/v1/admin/redeem-batches')
      .set(user.auth)
      .send({ name: 'x', count: 1, credits: 1 })
      .expect(403);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });

  it('throttles a user after repeated unknown codes and raises an alert', async () => {
    const user = await registerUser(t);
    const { codes } = await batch({ count: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await request(t.url)
        .post('/api/v1/redeem')
        .set(user.auth)
        .send({ code: unknownCode(100 + i) });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('REDEEM_TOO_MANY_ATTEMPTS');
    }
    expect(statuses.slice(0, REDEEM_INVALID_LIMIT_PER_USER).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(REDEEM_INVALID_LIMIT_PER_USER).every((s) => s === 429)).toBe(true);
    // Throttled means throttled: even a good code waits for the window to pass.
    await request(t.url).post('/api/v1/redeem').set(user.auth).send({ code: codes[0] }).expect(429);

    const alerts = await request(t.url).get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
    const burst = alerts.body.items.filter((a: { ruleKey: string }) => a.ruleKey === 'redeem.invalid_burst');
    expect(burst).toHaveLength(1);
    expect(burst[0].subject).toBe(`user:${user.id}`);
  });

  it('throttles an address that many accounts guess from, without blocking other addresses, and alerts once', async () => {
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    const { codes } = await batch({ count: 2 });
    const perUser = REDEEM_INVALID_LIMIT_PER_USER;
    const guessers = await Promise.all(
      Array.from({ length: Math.ceil(REDEEM_INVALID_LIMIT_PER_IP / perUser) }, () => registerUser(t)),
    );
    // Each account stays within its own limit; together they reach the address's.
    let n = 0;
    for (const user of guessers) {
      for (let i = 0; i < perUser; i++) {
        const res = await request(t.url)
          .post('/api/v1/redeem')
          .set(user.auth)
          .set(from('203.0.113.7'))
          .send({ code: unknownCode(500 + n++) });
        expect(res.status).toBe(404);
      }
    }
    expect(n).toBeGreaterThanOrEqual(REDEEM_INVALID_LIMIT_PER_IP);
    // A fresh account on that address is refused even with a good code; the same account elsewhere is not.
    const fresh = await registerUser(t);
    const blocked = await request(t.url).post('/api/v1/redeem').set(fresh.auth).set(from('203.0.113.7')).send({ code: codes[0] });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'REDEEM_TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 900 } });
    await request(t.url).post('/api/v1/redeem').set(fresh.auth).set(from('198.51.100.9')).send({ code: codes[0] }).expect(200);
    const [{ n: stored }] = await t.ds.query(`SELECT count(*)::int AS n FROM redeem_attempts WHERE ip = '203.0.113.7'`);
    expect(stored).toBe(n); // refused requests are not counted again

    const alerts = await request(t.url).get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
    const byIp = alerts.body.items.filter(
      (a: { ruleKey: string; subject: string }) => a.ruleKey === 'redeem.invalid_burst' && a.subject === 'ip:203.0.113.7',
    );
    expect(byIp).toHaveLength(1);
  });

  it('a trial card gives a working API key with its quota, limits and activation-based expiry', async () => {
    const user = await registerUser(t);
    const { codes } = await batch({
      credits: 20,
      trial: { quota: 20, validityDays: 7, concurrency: 1, rateLimitPerMinute: 30 },
    });
    const res = await request(t.url).post('/api/v1/redeem').set(user.auth).send({ code: codes[0] }).expect(200);
    expect(res.body.apiKey).toMatchObject({ quotaLimit: 20, expiresAfterFirstUseDays: 7 });
    const secret = res.body.apiKey.secret as string;
    expect(secret).toMatch(/^rm_/);

    const [key] = await t.ds.query(
      `SELECT quota_limit, concurrency_limit, rate_limit_max_requests, rate_limit_window_seconds, expires_after_first_use_days, first_used_at
         FROM api_keys WHERE id = $1`,
      [res.body.apiKey.id],
    );
    expect(key).toMatchObject({
      concurrency_limit: 1,
      rate_limit_max_requests: 30,
      rate_limit_window_seconds: 60,
      expires_after_first_use_days: 7,
    });
    expect(key.first_used_at).toBeNull();

    const usage = await request(t.url)
      .get('/api/v1/key-usage')
      .set({ Authorization: `Bearer ${secret}` })
      .expect(200);
    expect(usage.body.quotaLimit).toBe(20);
    const [activated] = await t.ds.query(`SELECT first_used_at FROM api_keys WHERE id = $1`, [res.body.apiKey.id]);
    expect(activated.first_used_at).not.toBeNull();

    // The key spends the card's credits, within its quota; its clock runs from the first use.
    await request(t.url)
      .post('/api/v1/credits/consume')
      .set({ Authorization: `Bearer ${secret}` })
      .set('Idempotency-Key', 'trial-spend-1')
      .send({ amount: 5, action: 'script' })
      .expect(200);
    const after = await request(t.url)
      .get('/api/v1/key-usage')
      .set({ Authorization: `Bearer ${secret}` })
      .expect(200);
    expect(after.body).toMatchObject({
      quotaLimit: 20,
      quotaUsed: 5,
      quotaRemaining: 15,
      concurrencyLimit: 1,
      rateLimitMaxRequests: 30,
    });
    const expiresAt = new Date(after.body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(new Date(activated.first_used_at).getTime() + 7 * 86_400_000 - 60_000);
    expect(expiresAt).toBeLessThan(new Date(activated.first_used_at).getTime() + 7 * 86_400_000 + 60_000);
    const over = await request(t.url)
      .post('/api/v1/credits/consume')
      .set({ Authorization: `Bearer ${secret}` })
      .set('Idempotency-Key', 'trial-spend-2')
      .send({ amount: 16, action: 'script' })
      .expect(429);
    expect(over.body.code).toBe('API_KEY_QUOTA_EXCEEDED');
    const [code] = await t.ds.query(`SELECT redeemed_by, status FROM redeem_codes WHERE api_key_id = $1`, [res.body.apiKey.id]);
    expect(code).toEqual({ redeemed_by: user.id, status: 'redeemed' });
  });

  it('a trial card can end on a fixed date: the key expires then (or earlier by its days), and the card cannot be redeemed after', async () => {
    const fixed = new Date(Date.now() + 3 * 86_400_000);
    fixed.setUTCMilliseconds(0);
    const { id, codes } = await batch({ count: 3, credits: 0, trial: { quota: 20, expiresAt: fixed.toISOString() } });
    const view = await request(t.url).get(`/api/v1/admin/redeem-batches/${id}`).set(admin.auth).expect(200);
    expect(view.body.trial).toMatchObject({ quota: 20, validityDays: null, expiresAt: fixed.toISOString() });

    const user = await registerUser(t);
    const res = await request(t.url).post('/api/v1/redeem').set(user.auth).send({ code: codes[0] }).expect(200);
    expect(res.body.apiKey).toMatchObject({ expiresAt: fixed.toISOString(), expiresAfterFirstUseDays: null });
    const bearer = { Authorization: `Bearer ${res.body.apiKey.secret}` };
    // The first use does not move a fixed date.
    const usage = await request(t.url).get('/api/v1/key-usage').set(bearer).expect(200);
    expect(usage.body.expiresAt).toBe(fixed.toISOString());

    // Fixed date and days from activation: whichever comes first (here the 3-day date, not 7 days).
    const both = await batch({ credits: 0, trial: { quota: 20, validityDays: 7, expiresAt: fixed.toISOString() } });
    const second = await request(t.url).post('/api/v1/redeem').set(user.auth).send({ code: both.codes[0] }).expect(200);
    const used = await request(t.url)
      .get('/api/v1/key-usage')
      .set({ Authorization: `Bearer ${second.body.apiKey.secret}` })
      .expect(200);
    expect(used.body.expiresAt).toBe(fixed.toISOString());

    // Once the date has passed, the remaining cards of the batch are refused as expired.
    await t.ds.query(`UPDATE redeem_batches SET trial_expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    const late = await request(t.url).post('/api/v1/redeem').set(user.auth).send({ code: codes[1] }).expect(410);
    expect(late.body.code).toBe('REDEEM_CODE_EXPIRED');
    const [code] = await t.ds.query(`SELECT status FROM redeem_codes WHERE batch_id = $1 AND status = 'redeemed'`, [id]);
    expect(code).toEqual({ status: 'redeemed' }); // only the first one

    await request(t.url)
      .post('/api/v1/admin/redeem-batches')
      .set(admin.auth)
      .send({ name: 'past', count: 1, credits: 0, trial: { quota: 1, expiresAt: '2020-01-01T00:00:00Z' } })
      .expect(400);
  });
});
