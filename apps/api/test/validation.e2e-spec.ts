import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { balanceOf, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('bad input gets a 4xx in the shared shape and changes nothing', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    user = await registerUser(t);
  });
  afterAll(() => t.close());

  const expectShape = (body: Record<string, unknown>, status: number, code: string) => {
    expect(body).toMatchObject({ statusCode: status, code });
    expect(typeof body.message).toBe('string');
  };

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(user.auth)
      .set('Content-Type', 'application/json')
      .send('{"amount": 10, ');
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'MALFORMED_JSON');
  });

  it.each([
    ['zero', { amount: 0, action: 'video' }],
    ['negative', { amount: -5, action: 'video' }],
    ['fractional', { amount: 1.5, action: 'video' }],
    ['huge', { amount: 1e15, action: 'video' }],
    ['beyond safe integers', { amount: 2 ** 60, action: 'video' }],
    ['a numeric string', { amount: '10', action: 'video' }],
    ['null', { amount: null, action: 'video' }],
    ['missing', { action: 'video' }],
    ['an unknown field', { amount: 1, action: 'video', userId: '00000000-0000-0000-0000-000000000000' }],
    ['a bad action', { amount: 1, action: 'DROP TABLE' }],
    ['an over-long description', { amount: 1, action: 'video', description: 'x'.repeat(501) }],
    ['an array body', [1, 2]],
  ])('rejects %s amounts/fields', async (_name, body) => {
    const res = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(user.auth)
      .send(body as object);
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(await balanceOf(t, user)).toBe(520);
  });

  it('rejects bad admin adjustments (zero, fractional, huge, no reason)', async () => {
    const { loginAdmin } = await import('./factories');
    const admin = await loginAdmin(t);
    for (const body of [
      { delta: 0, reason: 'nothing' },
      { delta: 1.5, reason: 'fraction' },
      { delta: 1e12, reason: 'too much' },
      { delta: 5 },
      { delta: 5, reason: '' },
    ]) {
      const res = await request(t.url).post(`/api/v1/admin/users/${user.id}/credits/adjust`).set(admin.auth).send(body);
      expect(res.status).toBe(400);
      expectShape(res.body, 400, 'VALIDATION_FAILED');
    }
    await request(t.url)
      .post(`/api/v1/admin/users/not-a-uuid/credits/adjust`)
      .set(admin.auth)
      .send({ delta: 1, reason: 'abc' })
      .expect(400);
    expect(await balanceOf(t, user)).toBe(520);
  });

  it('answers an unknown route with the shared shape', async () => {
    const res = await request(t.url).get('/api/v1/nope').set(user.auth);
    expect(res.status).toBe(404);
    expectShape(res.body, 404, 'ROUTE_NOT_FOUND');
  });

  it('rejects an oversized body with 413', async () => {
    const res = await request(t.url)
      .post('/api/v1/credits/consume')
      .set(user.auth)
      .send({ amount: 1, action: 'video', description: 'x'.repeat(200_000) });
    expect(res.status).toBe(413);
    expectShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses JSON nested thousands deep with a 400, not a stack overflow (found by the fuzz suite)', async () => {
    for (const body of [
      `{"amount":1,"action":"video","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '['.repeat(40) + ']'.repeat(40),
    ]) {
      const res = await request(t.url)
        .post('/api/v1/credits/consume')
        .set(user.auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expectShape(res.body, 400, 'VALIDATION_FAILED');
    }
    // Nothing was charged by the refused bodies; an ordinary body still goes through.
    const ok = await request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 1, action: 'video' });
    expect(ok.status).toBe(200);
    expect(await balanceOf(t, user)).toBe(519);
  });

  it('turns an unexpected failure into a 500 with an errorId and no internals', async () => {
    await t.ds.query(`ALTER TABLE credit_accounts RENAME TO credit_accounts_gone`);
    try {
      const res = await request(t.url).get('/api/v1/credits/balance').set(user.auth);
      expect(res.status).toBe(500);
      expectShape(res.body, 500, 'INTERNAL_ERROR');
      expect(res.body.details.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.message).toContain(res.body.details.errorId);
      expect(JSON.stringify(res.body)).not.toMatch(/credit_accounts|relation|SELECT/);
    } finally {
      await t.ds.query(`ALTER TABLE credit_accounts_gone RENAME TO credit_accounts`);
    }
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });
});
