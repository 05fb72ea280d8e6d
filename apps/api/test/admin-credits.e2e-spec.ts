import request from 'supertest';
import { balanceOf, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('admin: users and credit adjustments', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
  });
  afterAll(() => t.close());

  it('adjusts up and down with a reason that shows in the user ledger, never below zero', async () => {
    const user = await registerUser(t);
    const up = await request(t.url)
      .post(`/api/v1/admin/users/${user.id}/credits/adjust`)
      .set(admin.auth)
      .send({ delta: 80, reason: 'Goodwill for a failed render' })
      .expect(201);
    expect(up.body).toMatchObject({
      available: 600,
      entry: { kind: 'admin_adjust', amount: 80, description: 'Goodwill for a failed render' },
    });

    const down = await request(t.url)
      .post(`/api/v1/admin/users/${user.id}/credits/adjust`)
      .set(admin.auth)
      .send({ delta: -100, reason: 'Abuse' })
      .expect(201);
    expect(down.body.available).toBe(500);

    const tooFar = await request(t.url)
      .post(`/api/v1/admin/users/${user.id}/credits/adjust`)
      .set(admin.auth)
      .send({ delta: -501, reason: 'Too far' });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.code).toBe('INSUFFICIENT_CREDITS');
    expect(await balanceOf(t, user)).toBe(500);

    const userLedger = await request(t.url).get('/api/v1/credits/ledger?kind=admin_adjust').set(user.auth).expect(200);
    expect(userLedger.body.items.map((e: { amount: number }) => e.amount)).toEqual([-100, 80]);
    const adminView = await request(t.url).get(`/api/v1/admin/users/${user.id}/ledger`).set(admin.auth).expect(200);
    expect(adminView.body.items).toHaveLength(3);

    const balance = await request(t.url).get('/api/v1/credits/balance').set(user.auth).expect(200);
    expect(balance.body).toMatchObject({ available: 500, totalGranted: 600, totalDeducted: 100 });
    const verify = await request(t.url).get('/api/v1/admin/ledger/verify').set(admin.auth).expect(200);
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
    expect(verify.body.accountsChecked).toBeGreaterThanOrEqual(2);
  });

  it('applies an adjustment once per Idempotency-Key', async () => {
    const user = await registerUser(t);
    const send = () =>
      request(t.url)
        .post(`/api/v1/admin/users/${user.id}/credits/adjust`)
        .set(admin.auth)
        .set('Idempotency-Key', 'adj-1')
        .send({ delta: 10, reason: 'once' });
    const results = await Promise.all([send(), send(), send()]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(await balanceOf(t, user)).toBe(530);
  });

  it('404s for an unknown user', async () => {
    const res = await request(t.url)
      .post('/api/v1/admin/users/00000000-0000-4000-8000-000000000000/credits/adjust')
      .set(admin.auth)
      .send({ delta: 10, reason: 'ghost' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('lists and searches users with a cursor', async () => {
    const tag = `find-me-${Date.now()}`;
    for (let i = 0; i < 3; i++) await registerUser(t, { email: `${tag}-${i}@example.com` });
    const page1 = await request(t.url).get(`/api/v1/admin/users?query=${tag}&limit=2`).set(admin.auth).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0]).toMatchObject({ email: `${tag}-2@example.com`, available: 520 });
    const page2 = await request(t.url)
      .get(`/api/v1/admin/users?query=${tag}&limit=2&cursor=${page1.body.nextCursor}`)
      .set(admin.auth)
      .expect(200);
    expect(page2.body.items.map((u: { email: string }) => u.email)).toEqual([`${tag}-0@example.com`]);
    expect(page2.body.nextCursor).toBeNull();
    const detail = await request(t.url).get(`/api/v1/admin/users/${page2.body.items[0].id}`).set(admin.auth).expect(200);
    expect(detail.body.balance.available).toBe(520);
    expect(JSON.stringify(detail.body)).not.toMatch(/password/i);
    await request(t.url).get('/api/v1/admin/users?cursor=@@@').set(admin.auth).expect(400);
  });
});
