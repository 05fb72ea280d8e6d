import request from 'supertest';
import { balanceOf, loginAdmin, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const consume = (auth: Record<string, string>, key: string, body: object) =>
    request(t.url).post('/api/v1/credits/consume').set(auth).set('Idempotency-Key', key).send(body);

  it('replays one key 50 times concurrently with a single charge, and refuses it with another body', async () => {
    const user = await registerUser(t);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => consume(user.auth, 'same-key', { amount: 15, action: 'video' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const entryIds = new Set(responses.map((r) => r.body.ledgerEntryId));
    expect(entryIds.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await balanceOf(t, user)).toBe(505);

    const ledger = await request(t.url).get('/api/v1/credits/ledger?kind=consume').set(user.auth).expect(200);
    expect(ledger.body.items).toHaveLength(1);

    const other = await consume(user.auth, 'same-key', { amount: 16, action: 'video' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await balanceOf(t, user)).toBe(505);
  });

  it('replays a refusal too, and lets a corrected request through under a new key', async () => {
    const user = await registerUser(t);
    const first = await consume(user.auth, 'too-much', { amount: 600, action: 'video' });
    expect(first.status).toBe(400);
    expect(first.body.code).toBe('INSUFFICIENT_CREDITS');
    const again = await consume(user.auth, 'too-much', { amount: 600, action: 'video' });
    expect(again.status).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await consume(user.auth, 'fits', { amount: 500, action: 'video' }).expect(200);
    expect(await balanceOf(t, user)).toBe(20);
  });

  it('does not store validation failures, so the key can be used once the body is fixed', async () => {
    const user = await registerUser(t);
    await consume(user.auth, 'fix-me', { amount: 'ten', action: 'video' }).expect(400);
    await consume(user.auth, 'fix-me', { amount: 10, action: 'video' }).expect(200);
    expect(await balanceOf(t, user)).toBe(510);
  });

  it('scopes keys per user', async () => {
    const a = await registerUser(t);
    const b = await registerUser(t);
    await consume(a.auth, 'shared', { amount: 5, action: 'video' }).expect(200);
    const res = await consume(b.auth, 'shared', { amount: 5, action: 'video' }).expect(200);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await balanceOf(t, a)).toBe(515);
    expect(await balanceOf(t, b)).toBe(515);
  });

  it('rejects a malformed key', async () => {
    const user = await registerUser(t);
    const res = await consume(user.auth, 'x'.repeat(300), { amount: 5, action: 'video' });
    expect(res.status).toBe(400);
    expect(await balanceOf(t, user)).toBe(520);
  });

  it('never stores a secret shown once: the replay returns it as null', async () => {
    const admin = await loginAdmin(t);
    const create = () =>
      request(t.url)
        .post('/api/v1/admin/alert-channels')
        .set(admin.auth)
        .set('Idempotency-Key', 'hook-once')
        .send({ type: 'webhook', name: 'ops', url: 'http://127.0.0.1:9/hook' });
    const first = await create().expect(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const replay = await create().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toMatchObject({ id: first.body.id, secret: null });
    const stored = await t.ds.query(`SELECT response_body::text AS body FROM idempotency_records WHERE key = 'hook-once'`);
    expect(stored[0].body).not.toContain(first.body.secret);
  });
});
